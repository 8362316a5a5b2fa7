// The client-stream writer over a real socket: heartbeats only at frame boundaries, the error
// frame closing a frame left open, backpressure, and the end states the outcome reads.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { Cancellation } from '../../util/cancellation.js';
import { ClientStreamWriter } from './stream-writer.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** Runs `body` as the handler of one request and returns what the client received. */
async function exchange(
  body: (res: ServerResponse) => Promise<void> | void,
): Promise<{ status: number; type: string | null; text: string }> {
  server = createServer((_req, res) => {
    void body(res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const frames = {
  heartbeat: () => ': keep-alive\n\n',
  error: (err: GatewayError) => `event: error\ndata: ${JSON.stringify({ message: err.message })}\n\n`,
};

/** Resolves once a heartbeat could have been written, without asserting any timing. */
function waitForBeat(res: ServerResponse, writes: string[]): Promise<void> {
  return new Promise((resolve) => {
    const original = res.write.bind(res);
    res.write = ((chunk: string | Buffer, ...rest: never[]) => {
      writes.push(String(chunk));
      const ok = original(chunk, ...rest);
      if (String(chunk).startsWith(': keep-alive')) resolve();
      return ok;
    }) as ServerResponse['write'];
  });
}

describe('ClientStreamWriter', () => {
  it('opens with the SSE headers, writes frames and ends with the tail', async () => {
    let writer: ClientStreamWriter | undefined;
    let opened = 0;
    const got = await exchange((res) => {
      writer = new ClientStreamWriter(res, {
        heartbeatMs: 0,
        frames,
        cancel: new Cancellation(),
        onOpen: () => opened++,
      });
      writer.open();
      writer.write('data: 1\n\n');
      writer.write(Buffer.from('data: 2\n\n'));
      writer.end('data: [DONE]\n\n');
      writer.write('data: too late\n\n');
    });
    expect(got.status).toBe(200);
    expect(got.type).toBe('text/event-stream; charset=utf-8');
    expect(got.text).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
    expect(opened).toBe(1);
    expect(writer!.state.ended).toBe('complete');
  });

  it('closes a frame left open before the error frame, and records the error', async () => {
    let writer: ClientStreamWriter | undefined;
    const got = await exchange((res) => {
      writer = new ClientStreamWriter(res, { heartbeatMs: 0, frames, cancel: new Cancellation() });
      writer.open();
      writer.write('data: {"partial":', false);
      writer.fail(new GatewayError('upstream', 'cut'));
      writer.end('data: [DONE]\n\n');
    });
    expect(got.text).toBe('data: {"partial":\n\nevent: error\ndata: {"message":"cut"}\n\n');
    expect(writer!.state.ended).toBe('error');
    expect(writer!.state.error?.kind).toBe('upstream');
  });

  it('sends heartbeats while idle at a frame boundary, never inside a frame', async () => {
    const writes: string[] = [];
    const got = await exchange(async (res) => {
      const writer = new ClientStreamWriter(res, {
        heartbeatMs: 1,
        frames,
        cancel: new Cancellation(),
        contentType: 'application/json; charset=utf-8',
      });
      const beat = waitForBeat(res, writes);
      writer.open();
      writer.write('data: a\n\n');
      await beat;
      writer.write('data: {"half":', false);
      const mid = writes.length;
      // Give the timer several chances to fire while the frame is open.
      await new Promise((r) => setTimeout(r, 120));
      expect(writes.slice(mid).filter((w) => w.startsWith(': keep-alive'))).toEqual([]);
      writer.write('1}\n\n');
      writer.end();
    });
    expect(got.type).toBe('application/json; charset=utf-8');
    expect(got.text.startsWith('data: a\n\n: keep-alive\n\n')).toBe(true);
    expect(got.text.endsWith('data: {"half":1}\n\n')).toBe(true);
  });

  it('reports a full socket buffer and waits for it to drain', async () => {
    let blockedSeen = false;
    let drained = false;
    const big = 'x'.repeat(1024 * 1024);
    const got = await exchange(async (res) => {
      const writer = new ClientStreamWriter(res, { heartbeatMs: 0, frames, cancel: new Cancellation() });
      writer.open();
      const ok = writer.write(`data: ${big}\n\n`);
      blockedSeen = !ok && writer.state.blocked;
      await writer.drain();
      drained = !writer.state.blocked;
      writer.end();
    });
    expect(blockedSeen).toBe(true);
    expect(drained).toBe(true);
    expect(got.text.length).toBe(big.length + 8);
  });

  it('records a client that went away without writing anything more', () => {
    const cancel = new Cancellation();
    const fake = { destroyed: false, writableEnded: false } as unknown as ServerResponse;
    const writer = new ClientStreamWriter(fake, { heartbeatMs: 0, frames, cancel });
    cancel.abort(new Error('gone'));
    expect(writer.clientGone).toBe(true);
    writer.abandon();
    expect(writer.state.ended).toBe('client_abort');
    writer.end('never written');
    expect(writer.state.ended).toBe('client_abort');
  });
});
