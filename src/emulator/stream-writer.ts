// Writes a response body as a list of chunks (SSE frames, or a JSON body in two halves), applying
// a stream fault if one was taken. Without a fault everything is written at once: no timers, so
// benchmarks see only the emulator's real cost.
import type { ServerResponse } from 'node:http';
import type { StreamFault } from './faults.js';
import { pause } from './http-util.js';

export async function writeChunks(
  res: ServerResponse,
  chunks: string[],
  fault: StreamFault | undefined,
  signal: AbortSignal,
): Promise<void> {
  if (!fault) {
    // One write: fewer syscalls and the client still parses every frame.
    res.end(chunks.join(''));
    return;
  }
  // Headers go out first so the client sees a started response before the fault bites.
  res.flushHeaders();
  const closed = new AbortController();
  const onClose = () => closed.abort();
  res.once('close', onClose);
  signal.addEventListener('abort', onClose, { once: true });
  const stop = closed.signal;
  try {
    for (let i = 0; i < chunks.length; i++) {
      if (stop.aborted) return;
      if (fault.kind === 'cut-stream' && i >= fault.afterEvents) {
        // Destroying the socket mid-body: the chunked encoding is never terminated.
        res.socket?.destroy();
        res.destroy();
        return;
      }
      if (fault.kind === 'silent' && i === (fault.afterEvents ?? 0)) await pause(fault.silenceMs, stop);
      if (fault.kind === 'slow-stream' && i > 0) await pause(fault.delayMs, stop);
      if (stop.aborted) return;
      res.write(chunks[i]);
    }
    if (fault.kind === 'cut-stream' && chunks.length <= fault.afterEvents) {
      // Asked to cut after more events than there are: cut before the end of the body anyway.
      res.socket?.destroy();
      res.destroy();
      return;
    }
    if (fault.kind === 'silent' && chunks.length <= (fault.afterEvents ?? 0))
      await pause(fault.silenceMs, stop);
    if (!stop.aborted) res.end();
  } finally {
    res.off('close', onClose);
    signal.removeEventListener('abort', onClose);
  }
}

/** A non-stream JSON body as two chunks, so cut-stream can truncate it. */
export function jsonChunks(text: string): string[] {
  const mid = Math.max(1, Math.floor(text.length / 2));
  return [text.slice(0, mid), text.slice(mid)];
}
