// A request's cancellation: aborted when the client goes away. A plain object with a listener
// list rather than an AbortController, because one is made for every request and an
// AbortSignal (an EventTarget) costs several microseconds to create and to listen to. Code that
// needs a real AbortSignal (undici.request, fetch) asks for `signal`, made on demand.

export class Cancellation {
  aborted = false;
  reason: Error | undefined;
  private listeners: Array<(reason: Error) => void> | undefined;
  private controller: AbortController | undefined;
  /** The request is over (its response finished or its connection closed). */
  ended = false;
  private endListeners: Array<() => void> | undefined;

  /** Calls `listener` on abort (at once if already aborted); returns an unsubscribe function. */
  onAbort(listener: (reason: Error) => void): () => void {
    if (this.aborted) {
      listener(this.reason!);
      return noop;
    }
    if (!this.listeners) this.listeners = [];
    this.listeners.push(listener);
    return () => {
      const list = this.listeners;
      if (!list) return;
      const i = list.indexOf(listener);
      if (i !== -1) list.splice(i, 1);
    };
  }

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const list = this.listeners;
    this.listeners = undefined;
    if (list) for (const listener of list) listener(reason);
    this.controller?.abort(reason);
  }

  /** Calls `listener` once when the request ends (at once if it already has). */
  onEnd(listener: () => void): void {
    if (this.ended) {
      listener();
      return;
    }
    if (!this.endListeners) this.endListeners = [];
    this.endListeners.push(listener);
  }

  /** Marks the request over; the server calls it when the response closes. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const list = this.endListeners;
    this.endListeners = undefined;
    if (list) for (const listener of list) listener();
  }

  /** An AbortSignal that follows this cancellation (created on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}

function noop(): void {}
