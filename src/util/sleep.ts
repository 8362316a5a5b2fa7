import type { Cancellation } from './cancellation.js';

/** Resolves after `ms`, or rejects with the cancellation's reason as soon as it aborts. */
export function sleep(ms: number, cancel?: Cancellation): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cancel?.aborted) return reject(cancel.reason);
    let unsubscribe: (() => void) | undefined;
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
    unsubscribe = cancel?.onAbort((reason) => {
      clearTimeout(timer);
      reject(reason);
    });
  });
}
