#!/usr/bin/env node
// The reference floor: the least a Node pass-through proxy can do (read the body, undici
// dispatch to the upstream, copy the answer back), with no routing, no model lookup, no
// headers beyond the four Copilot needs. Run beside the gateway so each benchmark says how far
// the gateway is from what this machine can do at all. Usage: floor-proxy.mjs <upstream> <token> <port>
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [, , upstream, token, port] = process.argv;
const pool = new Pool(upstream, { connections: 128 });
const headers = {
  authorization: `Bearer ${token}`,
  'editor-version': 'vscode/1.104.3',
  'copilot-integration-id': 'vscode-chat',
  'content-type': 'application/json',
};

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    let status = 502;
    let type = 'application/json';
    pool.dispatch(
      { path: '/chat/completions', method: 'POST', body, headers },
      {
        onRequestStart() {},
        onResponseStart(_c, code, h) {
          status = code;
          type = h['content-type'] ?? type;
          res.writeHead(status, { 'content-type': type });
        },
        onResponseData(_c, chunk) {
          res.write(chunk);
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError(_c, err) {
          if (!res.headersSent) res.writeHead(502);
          res.end(String(err));
        },
      },
    );
  });
}).listen(Number(port), '127.0.0.1');
