// A second, lean connection to Redis for the commands of the request path (the admit script and
// the concurrency releases), whose replies are all integers. ioredis costs a request's admission
// about as much CPU again as the round trip itself (a Command object, a flattened argument copy,
// a promise chain, a timer per command, a general reply parser); here a command is one string
// written to the socket (the admit script's constant part prebuilt per key: admit-plan.ts), its
// reply a callback from a FIFO, and one interval watches for a Redis that stopped answering.
// It is only an optimisation: while it is not connected (starting, after an error, a Redis that
// asks for something this file does not speak) the caller goes through ioredis as before, and it
// connects again when the link says Redis is back (or at most once a second on demand).
import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** A command's integer reply, or the error (an error reply, a timeout, the connection lost). */
export type IntegerReply = (err: Error | undefined, value: number) => void;

/** A RESP bulk string. */
export function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/** A RESP array of bulk strings: one command. */
export function command(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += bulk(a);
  return out;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** A reply that is an error reply from Redis (rather than the connection failing). */
export class RedisReplyError extends Error {}

export interface RespChannelOptions {
  url: string;
  /** Scripts loaded (SCRIPT LOAD) on every connection, before the channel counts as ready. */
  scripts: readonly string[];
  /** A reply slower than this fails the channel and everything waiting on it. */
  timeoutMs: number;
  /** How long connecting, authenticating and loading the scripts may take (default 2 s). */
  openTimeoutMs?: number;
}

const noReply: IntegerReply = () => {};

/** The default of `openTimeoutMs`. */
export const OPEN_TIMEOUT_MS = 2000;

export class RespChannel {
  private socket?: Socket;
  private ready = false;
  private connecting = false;
  private lastAttempt = 0;
  private closed = false;
  /** Callbacks of the commands sent, in order; a reply goes to the first. */
  private readonly waiting: IntegerReply[] = [];
  /** Commands of this event-loop turn, written together at its end (one write syscall). */
  private out = '';
  private readonly flushOut = () => {
    const s = this.out;
    this.out = '';
    if (s) this.socket?.write(s);
  };
  private buf = '';
  private replies = 0;
  private repliesAtTick = -1;
  private watch?: NodeJS.Timeout;

  constructor(private readonly o: RespChannelOptions) {}

  /** Whether commands can be sent now (else: use ioredis). */
  get up(): boolean {
    return this.ready;
  }

  /** Sends one command (RESP text from `command`, or prebuilt); false when not connected. */
  send(wire: string, done: IntegerReply): boolean {
    if (!this.ready) {
      this.reconnectSoon();
      return false;
    }
    this.waiting.push(done);
    if (!this.out) setImmediate(this.flushOut);
    this.out += wire;
    return true;
  }

  /** Sends a command whose reply nobody waits for (its failure fails the channel, as any). */
  sendQuietly(wire: string): boolean {
    return this.send(wire, noReply);
  }

  /** Loads the scripts again (Redis lost them: SCRIPT FLUSH); the commands after wait for it. */
  reload(): void {
    for (const lua of this.o.scripts) this.sendQuietly(command(['SCRIPT', 'LOAD', lua]));
  }

  /** Connects (again) unless connected, connecting, or tried less than a second ago. */
  reconnectSoon(): void {
    if (this.ready || this.connecting || this.closed || Date.now() - this.lastAttempt < 1000) return;
    void this.connect();
  }

  async connect(): Promise<void> {
    if (this.ready || this.connecting || this.closed) return;
    this.connecting = true;
    this.lastAttempt = Date.now();
    // A Redis that accepts but never answers (or a host that drops packets) must not leave the
    // channel "connecting" for ever: the attempt ends, and the next one may follow a second later.
    const limit = setTimeout(
      () => this.drop(new Error('connect timed out')),
      this.o.openTimeoutMs ?? OPEN_TIMEOUT_MS,
    );
    limit.unref();
    try {
      await this.open();
    } catch {
      this.drop(new Error('could not connect'));
    } finally {
      clearTimeout(limit);
      this.connecting = false;
    }
  }

  private async open(): Promise<void> {
    let u: URL;
    try {
      u = new URL(this.o.url);
    } catch {
      this.closed = true;
      throw new Error('unparsable URL');
    }
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
      // Not a TCP URL this file speaks: ioredis serves every command.
      this.closed = true;
      throw new Error(`unsupported URL scheme ${u.protocol}`);
    }
    const port = Number(u.port || 6379);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const socket =
      u.protocol === 'rediss:' ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    this.socket = socket;
    // A socket this channel already dropped says nothing about the next one.
    socket.on('data', (chunk: string) => {
      if (this.socket === socket) this.read(chunk);
    });
    socket.on('error', (err: Error) => {
      if (this.socket === socket) this.drop(err);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.drop(new Error('connection closed'));
    });
    await new Promise<void>((resolve, reject) => {
      socket.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', resolve);
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('connection closed')));
    });
    // The handshake goes through the same FIFO; the channel is ready once every step answered.
    const steps: string[] = [];
    const user = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    if (password) steps.push(command(user ? ['AUTH', user, password] : ['AUTH', password]));
    const db = Number(u.pathname.slice(1) || 0);
    if (!Number.isInteger(db)) {
      this.closed = true;
      throw new Error('unsupported database in the URL');
    }
    if (db) steps.push(command(['SELECT', String(db)]));
    for (const lua of this.o.scripts) steps.push(command(['SCRIPT', 'LOAD', lua]));
    await Promise.all(
      steps.map(
        (wire) =>
          new Promise<void>((resolve, reject) => {
            this.waiting.push((err) => (err ? reject(err) : resolve()));
            socket.write(wire);
          }),
      ),
    );
    if (this.socket !== socket) throw new Error('connection closed');
    this.ready = true;
    this.repliesAtTick = -1;
    this.watch = setInterval(() => this.checkStalled(), Math.max(10, Math.floor(this.o.timeoutMs / 2)));
    this.watch.unref();
  }

  /** No reply for a whole interval while commands wait: Redis stopped answering. */
  private checkStalled(): void {
    if (this.waiting.length === 0) {
      this.repliesAtTick = -1;
      return;
    }
    if (this.repliesAtTick === this.replies) this.drop(new Error('Command timed out'));
    else this.repliesAtTick = this.replies;
  }

  /** Parses what arrived: integers, simple strings, errors, bulk strings (the handshake's). */
  private read(chunk: string): void {
    const socket = this.socket;
    const buf = this.buf ? this.buf + chunk : chunk;
    let at = 0;
    for (;;) {
      const eol = buf.indexOf('\r\n', at);
      if (eol < 0) break;
      const type = buf.charCodeAt(at);
      let value = 0;
      let err: Error | undefined;
      let next = eol + 2;
      if (type === 58 /* : */) value = Number(buf.slice(at + 1, eol));
      else if (type === 45 /* - */) err = new RedisReplyError(buf.slice(at + 1, eol));
      else if (type === 36 /* $ */) {
        const n = Number(buf.slice(at + 1, eol));
        if (n >= 0) {
          if (buf.length < next + n + 2) break;
          next += n + 2;
        }
      } else if (type !== 43 /* + */) {
        this.drop(new Error('unexpected reply from Redis'));
        return;
      }
      at = next;
      this.replies++;
      const done = this.waiting.shift();
      done?.(err, value);
      // A callback that closed the channel: the rest belonged to the dropped connection.
      if (this.socket !== socket) return;
    }
    this.buf = at < buf.length ? buf.slice(at) : '';
  }

  /** The connection is gone (or unusable): every waiting command fails; ioredis serves meanwhile. */
  private drop(err: Error): void {
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
    this.out = '';
    this.buf = '';
    clearInterval(this.watch);
    this.watch = undefined;
    socket?.destroy();
    const waiting = this.waiting.splice(0);
    for (const done of waiting) done(err, 0);
  }

  close(): void {
    this.closed = true;
    this.drop(new Error('closed'));
  }
}
