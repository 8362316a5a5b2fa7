// Waits until a response's socket buffer has room again (or the client went away).
import type { Cancellation } from '../../util/cancellation.js';

/** What can be waited on: an HTTP response, or a WebSocket turn's sink. */
interface Drainable {
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export function waitDrain(res: Drainable, cancel: Cancellation): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      unsubscribe();
      resolve();
    };
    const unsubscribe = cancel.onAbort((reason) => {
      res.off('drain', done);
      res.off('close', done);
      reject(reason);
    });
    res.on('drain', done);
    res.on('close', done);
  });
}
