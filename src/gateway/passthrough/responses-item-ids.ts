// The Responses passthrough's view of the upstream stream.
//
// 1. Copilot's /responses stream may give an item one id in `response.output_item.added` and
//    another in `.done` and the final response (copilot-upstream.md §6). Clients that key items
//    by id (the openai SDK's accumulator, UIs) then lose them. This targeted patch keeps the first
//    id an item was announced with, for every later frame of the same output_index. Frames are
//    re-framed from the parsed SSE stream with their data untouched; only a frame that carries a
//    different id is re-serialised.
// 2. It remembers the upstream's response id and last sequence_number, so a heartbeat or a
//    mid-stream failure continues that stream instead of starting another response.
import { randomUUID } from 'node:crypto';
import type { GatewayError } from '../../errors/gateway-error.js';
import { failedCode, failedMessage } from '../../protocols/openai-responses/errors.js';
import { createSSEDecoder, type SSEDecoder } from '../../protocols/sse/parse.js';
import { sseComment, sseFrame, sseJson } from '../../protocols/sse/write.js';
import type { FrameListener } from './forward.js';

type Json = Record<string, unknown>;

// Read from every frame without parsing it; intAfter() is /"<key>":\s*(\d+)/ without the match
// arrays and substrings a RegExp exec makes per frame.
const OUTPUT_INDEX = '"output_index":';
const SEQUENCE = '"sequence_number":';

export class ResponsesItemIdNormalizer {
  private readonly decoder: SSEDecoder = createSSEDecoder();
  /** output_index → the id the item was announced with. */
  private readonly canonical = new Map<number, string>();
  /** output_index → that id in quotes, for the per-frame substring test. */
  private readonly quoted = new Map<number, string>();
  private responseId: string | undefined;
  private model: string | undefined;

  constructor(clientModel?: string) {
    this.model = clientModel;
  }
  private lastSequence = -1;

  /** A keep-alive that no Responses parser counts as an event (passthrough cannot mint one). */
  heartbeat(): string {
    return sseComment('keep-alive');
  }

  /** `error` then `response.failed`, continuing the upstream's sequence numbers and response id. */
  error(err: GatewayError): string {
    const code = failedCode(err);
    const message = failedMessage(err);
    // Nothing came through yet: open the stream first, as every Responses stream must begin.
    let opening = '';
    if (this.responseId === undefined) {
      this.responseId = `resp_${randomUUID().replace(/-/g, '')}`;
      const response = {
        id: this.responseId,
        object: 'response',
        model: this.model,
        status: 'in_progress',
        output: [],
      };
      opening =
        sseJson({ type: 'response.created', sequence_number: 0, response }, 'response.created') +
        sseJson({ type: 'response.in_progress', sequence_number: 1, response }, 'response.in_progress');
      this.lastSequence = 1;
    }
    const seq = this.lastSequence + 1;
    return (
      opening +
      // Both spellings: flat fields (Responses docs) and a nested `error` (what the SDK reads).
      sseJson(
        {
          type: 'error',
          sequence_number: seq,
          code,
          message,
          param: null,
          error: { type: code, code, message, param: null },
        },
        'error',
      ) +
      sseJson(
        {
          type: 'response.failed',
          sequence_number: seq + 1,
          response: {
            id: this.responseId ?? 'resp_unknown',
            object: 'response',
            model: this.model,
            status: 'failed',
            error: { code, message },
            output: [],
          },
        },
        'response.failed',
      )
    );
  }

  push(chunk: Buffer | string, onFrame?: FrameListener): string {
    let out = '';
    for (const m of this.decoder.push(chunk)) out += this.frame(m.event, m.data, onFrame);
    return out;
  }

  end(onFrame?: FrameListener): string {
    let out = '';
    for (const m of this.decoder.end()) out += this.frame(m.event, m.data, onFrame);
    return out;
  }

  private frame(event: string | undefined, data: string, onFrame?: FrameListener): string {
    const patched = this.patch(event, data);
    onFrame?.(event, patched);
    return sseFrame(patched, event);
  }

  private patch(event: string | undefined, data: string): string {
    const seq = intAfter(data, SEQUENCE);
    if (seq !== undefined) this.lastSequence = Math.max(this.lastSequence, seq);
    if (event === 'response.created') {
      const response = tryParse(data)?.response as Json | undefined;
      if (typeof response?.id === 'string') this.responseId = response.id;
      if (typeof response?.model === 'string') this.model = response.model;
      return data;
    }
    if (event === 'response.output_item.added') {
      const parsed = tryParse(data);
      const item = parsed?.item as Json | undefined;
      if (parsed && typeof parsed.output_index === 'number' && typeof item?.id === 'string') {
        this.canonical.set(parsed.output_index, item.id);
        this.quoted.set(parsed.output_index, `"${item.id}"`);
      }
      return data;
    }
    if (this.canonical.size === 0) return data;
    if (event === 'response.completed' || event === 'response.incomplete' || event === 'response.failed') {
      const parsed = tryParse(data);
      const output = (parsed?.response as Json | undefined)?.output;
      if (!parsed || !Array.isArray(output)) return data;
      let changed = false;
      output.forEach((item, index) => {
        const id = this.canonical.get(index);
        if (id && item && typeof item === 'object' && (item as Json).id !== id) {
          (item as Json).id = id;
          changed = true;
        }
      });
      return changed ? JSON.stringify(parsed) : data;
    }
    const index = intAfter(data, OUTPUT_INDEX);
    if (index === undefined) return data;
    const id = this.canonical.get(index);
    // The common case: the frame already names the announced id (cheap substring test).
    if (!id || data.includes(this.quoted.get(index)!)) return data;
    const parsed = tryParse(data);
    if (!parsed) return data;
    if (typeof parsed.item_id === 'string') parsed.item_id = id;
    const item = parsed.item as Json | undefined;
    if (item && typeof item.id === 'string') item.id = id;
    return JSON.stringify(parsed);
  }
}

function tryParse(data: string): Json | undefined {
  try {
    const v = JSON.parse(data);
    return v && typeof v === 'object' ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** The integer after the first `key` followed by optional white space and digits, as the RegExp
 * /key\s*(\d+)/ finds it (`\s` being JavaScript's white space). */
export function intAfter(data: string, key: string): number | undefined {
  for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + key.length)) {
    let i = at + key.length;
    while (i < data.length && isSpace(data.charCodeAt(i))) i++;
    let j = i;
    let n = 0;
    for (let c = data.charCodeAt(j); c >= 0x30 && c <= 0x39; c = data.charCodeAt(++j))
      n = n * 10 + (c - 0x30);
    // Beyond 15 digits the running sum may round differently from Number().
    if (j > i) return j - i <= 15 ? n : Number(data.slice(i, j));
  }
  return undefined;
}

/** RegExp `\s`: ECMAScript WhiteSpace and LineTerminator. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
