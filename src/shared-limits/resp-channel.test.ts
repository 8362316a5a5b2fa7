// The lean Redis connection of the request path: against a real Redis (a password, a database
// number, a script), and against a scripted server over a real socket for what a real Redis does
// rarely (replies split anywhere, an error reply, a server that stops answering).
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { bulk, command, type IntegerReply, RedisReplyError, RespChannel, sha1 } from './resp-channel.js';
import { redisAvailable, startOwnRedis, testPrefix } from './test-support.js';

const LUA = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

function call(ch: RespChannel, wire: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const done: IntegerReply = (err, value) => (err ? reject(err) : resolve(value));
    if (!ch.send(wire, done)) reject(new Error('not connected'));
  });
}

/** A server that answers the handshake (SCRIPT LOAD) and then what `answer` says. */
async function scripted(
  answer: (socket: Socket, command: string) => void,
): Promise<Server & { url: string }> {
  const server = createServer((socket) => {
    let seen = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      seen += d;
      // Commands end where the next one starts; the handshake is one SCRIPT LOAD.
      while (seen.length > 0) {
        const next = seen.indexOf('*', 1);
        if (next < 0 && !seen.endsWith('\r\n')) break;
        const cmd = next < 0 ? seen : seen.slice(0, next);
        seen = next < 0 ? '' : seen.slice(next);
        if (cmd.includes('SCRIPT')) socket.write(`$40\r\n${sha1(LUA)}\r\n`);
        else answer(socket, cmd);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(server, { url: `redis://127.0.0.1:${port}` });
}

describe('RESP channel against a scripted server', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });

  it('reads integer replies split at any byte, in order', async () => {
    const server = await scripted((socket, cmd) => {
      // Each reply is written one byte at a time: `:<n>\r\n` for the n-th argument.
      const n = cmd.match(/\$\d+\r\n(\d+)\r\n$/)?.[1] ?? '0';
      const reply = `:${n}\r\n`;
      for (const ch of reply) socket.write(ch);
    });
    servers.push(server);
    const ch = new RespChannel({ url: server.url, scripts: [LUA], timeoutMs: 1000 });
    await ch.connect();
    expect(ch.up).toBe(true);
    const replies = await Promise.all(
      [7, 123456789012, 0, 42].map((n) => call(ch, command(['EVALSHA', sha1(LUA), '0', String(n)]))),
    );
    expect(replies).toEqual([7, 123456789012, 0, 42]);
    ch.close();
  });

  it('passes an error reply to its command and keeps serving the next', async () => {
    const server = await scripted((socket, cmd) => {
      socket.write(cmd.includes('bad') ? '-NOSCRIPT No matching script\r\n' : ':5\r\n');
    });
    servers.push(server);
    const ch = new RespChannel({ url: server.url, scripts: [LUA], timeoutMs: 1000 });
    await ch.connect();
    const [bad, good] = await Promise.allSettled([
      call(ch, command(['EVALSHA', 'bad', '0'])),
      call(ch, command(['EVALSHA', sha1(LUA), '0'])),
    ]);
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(RedisReplyError);
    expect((bad as PromiseRejectedResult).reason.message).toMatch(/^NOSCRIPT/);
    expect(good).toEqual({ status: 'fulfilled', value: 5 });
    expect(ch.up).toBe(true);
    ch.close();
  });

  it('fails what waits, and is down, when the server stops answering', async () => {
    const server = await scripted(() => {});
    servers.push(server);
    const ch = new RespChannel({ url: server.url, scripts: [LUA], timeoutMs: 40 });
    await ch.connect();
    expect(ch.up).toBe(true);
    await expect(call(ch, command(['EVALSHA', sha1(LUA), '0']))).rejects.toThrow(/timed out/);
    expect(ch.up).toBe(false);
    expect(ch.send(command(['PING']), () => {})).toBe(false);
    ch.close();
  });

  it('gives up a connection whose handshake never answers, and connects again later', async () => {
    let answering = false;
    const server = createServer((socket) => {
      socket.setEncoding('latin1');
      socket.on('data', () => {
        if (answering) socket.write(`$40\r\n${sha1(LUA)}\r\n`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `redis://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ch = new RespChannel({ url, scripts: [LUA], timeoutMs: 1000, openTimeoutMs: 50 });
    await ch.connect();
    expect(ch.up).toBe(false);
    answering = true;
    await ch.connect();
    expect(ch.up).toBe(true);
    ch.close();
  });

  it('stays down (ioredis serves) for a URL it does not speak', async () => {
    const ch = new RespChannel({ url: 'redis+sentinel://127.0.0.1:1', scripts: [LUA], timeoutMs: 40 });
    await ch.connect();
    expect(ch.up).toBe(false);
    ch.close();
  });
});

describe.runIf(redisAvailable())('RESP channel against Redis', () => {
  it('authenticates, selects the database of the URL, runs a loaded script by its sha', async () => {
    const own = await startOwnRedis();
    const admin = new Redis(own.url);
    try {
      await admin.config('SET', 'requirepass', 'p@ss word');
      const url = own.url.replace('redis://', `redis://:${encodeURIComponent('p@ss word')}@`);
      const ch = new RespChannel({ url: `${url}/3`, scripts: [LUA], timeoutMs: 1000 });
      await ch.connect();
      expect(ch.up).toBe(true);
      const key = `${testPrefix()}n`;
      const wire = `*4\r\n${bulk('EVALSHA')}${bulk(sha1(LUA))}${bulk('1')}${bulk(key)}`;
      expect(await call(ch, `${wire.replace('*4', '*5')}${bulk('2')}`)).toBe(2);
      expect(await call(ch, `${wire.replace('*4', '*5')}${bulk('3')}`)).toBe(5);
      // In database 3, with the password.
      const db3 = new Redis(`${url}/3`);
      expect(await db3.get(key)).toBe('5');
      db3.disconnect();
      ch.close();
      // A wrong password: the channel does not come up (ioredis would report the error).
      const wrong = new RespChannel({
        url: own.url.replace('redis://', 'redis://:nope@'),
        scripts: [LUA],
        timeoutMs: 1000,
      });
      await wrong.connect();
      expect(wrong.up).toBe(false);
      wrong.close();
    } finally {
      admin.disconnect();
      await own.close();
    }
  });
});
