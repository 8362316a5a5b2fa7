// Waits until a response's socket buffer has room again (or the client went away).
import type { ServerResponse } from 'node:http';
import type { Cancellation } from '../../util/cancellation.js';

export function waitDrain(res: ServerResponse, cancel: Cancellation): Promise<void> {
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
