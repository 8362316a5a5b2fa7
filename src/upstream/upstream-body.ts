// The body of an upstream response, fed by undici's low-level dispatch handler. It is an async
// iterable of chunks with flow control (the upstream connection is paused while the consumer
// lags), plus `buffer()`/`text()` for bodies that are read whole and `dump()` for bodies nobody
// needs. Using dispatch() instead of undici.request() saves a Readable stream per request: the
// passthrough hot path is measured in microseconds (see docs/benchmarks.md).
import type { Dispatcher } from 'undici';
import type { Cancellation } from '../util/cancellation.js';
import { mapTransportError } from './transport-error.js';

const HIGH_WATER_CHUNKS = 32;
/**
 * Bytes queued before the upstream connection is paused. Chunks are up to 64 KB each, so the chunk
 * count alone would let a stream whose client does not read queue 2 MB; this bounds it to 256 KB
 * (plus the chunk in flight) per stream.
 */
export const HIGH_WATER_BYTES = 256 * 1024;

const FAILED = Symbol('failed');
const DONE: IteratorResult<Buffer> = Object.freeze({ done: true, value: undefined });

export class UpstreamBody implements AsyncIterable<Buffer> {
  private readonly chunks: Buffer[] = [];
  /** Bytes in `chunks`. */
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private discarding = false;
  /** A notify() that came while nobody waited: the next wait returns at once (no lost wake-up). */
  private signalled = false;
  /** Read whole by buffer(): flow control would only delay it, so chunks are not paused for. */
  private whole = false;

  /** @internal called by the dispatch handler */
  attach(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  /** @internal */
  push(chunk: Buffer): void {
    if (this.discarding) return;
    this.chunks.push(chunk);
    this.queued += chunk.length;
    if (!this.whole && this.full() && this.controller && !this.controller.paused) this.controller.pause();
    this.notify();
  }

  /** @internal */
  end(): void {
    this.ended = true;
    this.notify();
    this.settle();
  }

  /** @internal */
  fail(err: Error): void {
    this.failure ??= err;
    this.ended = true;
    this.notify();
    this.settle();
  }

  private onSettled: (() => void)[] = [];

  /** Calls `listener` once when the body has ended or failed (the client's tracker, the outcome). */
  whenSettled(listener: () => void): void {
    if (this.ended) listener();
    else this.onSettled.push(listener);
  }

  private settle(): void {
    const listeners = this.onSettled;
    this.onSettled = [];
    for (const listener of listeners) listener();
  }

  /** Bytes received from Copilot and not yet taken by the consumer. */
  get queuedBytes(): number {
    return this.queued;
  }

  private full(): boolean {
    return this.chunks.length >= HIGH_WATER_CHUNKS || this.queued >= HIGH_WATER_BYTES;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else this.signalled = true;
  }

  // A resume() may deliver data, and even the end, synchronously (undici replays what its parser
  // already holds); the signal flag keeps that from being lost while no one is waiting yet.
  private next(): Promise<void> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  // A hand-written iterator rather than an async generator: a stream reads one chunk per frame,
  // and a generator's step (its own promise, the awaited wake-up promise and closure, the resume)
  // was about a quarter of what a slow passthrough stream allocates. Here a read that finds a
  // chunk queued costs one resolved promise, and one that has to wait a promise and its resolver.
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: () => this.read(),
      return: () => Promise.resolve({ done: true, value: undefined }),
    };
  }

  private pending: { resolve(r: IteratorResult<Buffer>): void; reject(err: Error): void } | undefined;

  private read(): Promise<IteratorResult<Buffer>> {
    const now = this.poll();
    if (now) return now === FAILED ? Promise.reject(this.failure) : Promise.resolve(now);
    // Nothing to take: whatever a notify() before now announced was seen by poll().
    this.signalled = false;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.wake = this.onReadable;
    });
  }

  private readonly onReadable = (): void => {
    const r = this.poll();
    if (!r) {
      this.wake = this.onReadable;
      return;
    }
    const pending = this.pending!;
    this.pending = undefined;
    if (r === FAILED) pending.reject(this.failure!);
    else pending.resolve(r);
  };

  /** The next chunk (flow control resumed once the queue is half empty), the end, or the failure. */
  private poll(): IteratorResult<Buffer> | typeof FAILED | undefined {
    const chunk = this.chunks.shift();
    if (chunk !== undefined) {
      this.queued -= chunk.length;
      if (
        this.controller?.paused &&
        this.chunks.length < HIGH_WATER_CHUNKS / 2 &&
        this.queued < HIGH_WATER_BYTES / 2
      )
        this.controller.resume();
      return { done: false, value: chunk };
    }
    if (this.failure) return FAILED;
    if (this.ended) return DONE;
    return undefined;
  }

  /** The whole body (for non-stream answers and errors). */
  async buffer(): Promise<Buffer> {
    this.whole = true;
    if (this.controller?.paused) this.controller.resume();
    while (!this.ended) await this.next();
    if (this.failure) throw this.failure;
    const all = this.chunks.splice(0, this.chunks.length);
    this.queued = 0;
    return all.length === 1 ? all[0] : Buffer.concat(all);
  }

  async text(): Promise<string> {
    return (await this.buffer()).toString('utf8');
  }

  /** Reads and discards the rest of the body, so the connection can be reused. */
  dump(): void {
    this.discarding = true;
    this.chunks.length = 0;
    this.queued = 0;
    if (this.controller?.paused) this.controller.resume();
  }

  /** Aborts the upstream request (client went away). */
  destroy(reason?: Error): void {
    if (!this.ended) this.controller?.abort(reason ?? new Error('aborted'));
    this.fail(reason ?? new Error('aborted'));
  }
}

export interface DispatchResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
}

/** Sends one request with dispatcher.dispatch and resolves at the response headers. */
export function dispatchRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  cancel?: Cancellation,
): Promise<DispatchResult> {
  return new Promise((resolve, reject) => {
    const body = new UpstreamBody();
    let started = false;
    let controller: Dispatcher.DispatchController | undefined;
    if (cancel?.aborted) return reject(cancel.reason);
    const unsubscribe = cancel?.onAbort((reason) => {
      controller?.abort(reason);
      if (!started) reject(reason);
      else body.fail(reason);
    });
    const cleanup = () => unsubscribe?.();
    dispatcher.dispatch(options, {
      onRequestStart(c) {
        controller = c;
        body.attach(c);
        if (cancel?.aborted) c.abort(cancel.reason!);
      },
      onResponseStart(_c, statusCode, headers) {
        if (statusCode < 200) return; // 1xx informational
        started = true;
        resolve({ status: statusCode, headers: headers as DispatchResult['headers'], body });
      },
      onResponseData(_c, chunk) {
        body.push(chunk);
      },
      onResponseEnd() {
        cleanup();
        body.end();
      },
      onResponseError(_c, err) {
        cleanup();
        if (!started) reject(err);
        // A body cut after the headers ("other side closed"): an upstream failure (502), not ours.
        else body.fail(cancel?.aborted ? err : mapTransportError(err));
      },
    });
  });
}
