// Incremental SSE parsing on top of eventsource-parser (the maintained parser of the field).
// Feed it chunks as they arrive; it yields complete messages without buffering the stream.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { SSEMessage } from '../ir/codec.js';

export interface SSEDecoder {
  /** Parses one chunk and returns the messages it completed. */
  push(chunk: Uint8Array | string): SSEMessage[];
  /** Returns a final message left without a terminating blank line, if any. */
  end(): SSEMessage[];
}

const STREAM = { stream: true } as const;

export function createSSEDecoder(): SSEDecoder {
  const out: SSEMessage[] = [];
  const textDecoder = new TextDecoder();
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const m: SSEMessage = { data: message.data };
      if (message.event) m.event = message.event;
      if (message.id) m.id = message.id;
      out.push(m);
    },
  });
  const drain = () => out.splice(0, out.length);
  return {
    push(chunk) {
      parser.feed(typeof chunk === 'string' ? chunk : textDecoder.decode(chunk, STREAM));
      return drain();
    },
    end() {
      const rest = textDecoder.decode();
      if (rest) parser.feed(rest);
      // A final frame without its blank line is still a frame.
      parser.feed('\n\n');
      return drain();
    },
  };
}

/** Parses a whole SSE text (tests and fixtures). */
export function parseSSEText(text: string): SSEMessage[] {
  const d = createSSEDecoder();
  return [...d.push(text), ...d.end()];
}
