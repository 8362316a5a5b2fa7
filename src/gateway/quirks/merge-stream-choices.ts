// The stream form of Copilot's split choices: a Claude model on /chat/completions streams its
// tool-call deltas in a second choice (`index: 1`) that never gets a finish_reason, while the
// text and the finish_reason ride on choice 0. Clients that accumulate choices by index (the
// openai SDK's `chat.completions.stream()` helper: "missing finish_reason for choice 1") break.
//
// This targeted patch folds every choice into choice 0. It passes whole frames: the upstream's
// own bytes, untouched, for every run of frames that needs no change (the common case, including
// every stream without split choices); only a frame with an index >= 1 is parsed (choice 1, or a
// second tool call), and only a run holding a frame that changes is re-framed, in which only
// the frames with a choice index >= 1 (or, once calls were folded in, choice 0's
// `finish_reason: "stop"`) are re-serialised. Tool-call indexes of the folded choices are
// renumbered after the ones choice 0 used itself, so calls of different choices never collide.
import type { SSEMessage } from '../../protocols/ir/codec.js';
import { createSSEDecoder, type SSEDecoder } from '../../protocols/sse/parse.js';
import { sseFrame } from '../../protocols/sse/write.js';
import type { FrameListener, FrameRewriter } from '../passthrough/forward.js';

type Json = Record<string, unknown>;

/** Any index above 0 (a choice's or a tool call's) makes the frame worth parsing. */
const NONZERO_INDEX = /"index":\s*[1-9]/;
const STOP = /"finish_reason":\s*"stop"/;
const LF_LF = Buffer.from('\n\n');
const CRLF_CRLF = Buffer.from('\r\n\r\n');

/** Where the last whole frame ends in `buf` (after its blank line), or -1. */
function lastBoundary(buf: Buffer): number {
  const lf = buf.lastIndexOf(LF_LF);
  const crlf = buf.lastIndexOf(CRLF_CRLF);
  return Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 4);
}

export class StreamChoiceMerger implements FrameRewriter {
  private readonly decoder: SSEDecoder = createSSEDecoder();
  /** `${choice}:${toolIndex}` of a folded call → its index in choice 0. */
  private readonly merged = new Map<string, number>();
  /** The next free tool-call index in choice 0. */
  private nextTool = 0;
  private choiceZeroSeen = false;

  /** Bytes after the last frame boundary, held until their frame is complete. */
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer | string, onFrame: FrameListener): string | Buffer {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const cut = lastBoundary(this.pending);
    if (cut === -1) return '';
    const whole = this.pending.subarray(0, cut);
    this.pending = this.pending.subarray(cut);
    return this.run(whole, this.decoder.push(whole), onFrame);
  }

  end(onFrame: FrameListener): string | Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    const frames = [...(rest.length ? this.decoder.push(rest) : []), ...this.decoder.end()];
    return this.run(rest, frames, onFrame);
  }

  /** A run of whole frames: its own bytes when no frame changed, else re-framed. */
  private run(bytes: Buffer, frames: SSEMessage[], onFrame: FrameListener): string | Buffer {
    const patched = frames.map((m) => this.patch(m.data));
    let changed = false;
    for (let i = 0; i < frames.length; i++) {
      onFrame(frames[i].event, patched[i]);
      if (patched[i] !== frames[i].data) changed = true;
    }
    if (!changed) return bytes;
    let out = '';
    for (let i = 0; i < frames.length; i++) out += sseFrame(patched[i], frames[i].event);
    return out;
  }

  /** Returns the data as it came unless the frame needs folding. */
  patch(data: string): string {
    const stopAfterFold = this.merged.size > 0 && STOP.test(data);
    if (!stopAfterFold && !NONZERO_INDEX.test(data)) {
      // Every index here is 0: choice 0 alone, its tool calls (if any) at index 0.
      if (this.nextTool === 0 && data.includes('"tool_calls"')) this.nextTool = 1;
      if (!this.choiceZeroSeen && data.includes('"choices":[{')) this.choiceZeroSeen = true;
      return data;
    }
    const parsed = tryParse(data);
    const choices = parsed?.choices;
    if (!parsed || !Array.isArray(choices) || choices.length === 0) return data;
    let changed = false;
    let target: Json | undefined;
    const kept: Json[] = [];
    for (const raw of choices) {
      if (!raw || typeof raw !== 'object') {
        kept.push(raw as Json);
        continue;
      }
      const choice = raw as Json;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const delta = (choice.delta ?? {}) as Json;
      if (index === 0) {
        this.noteOwnCalls(delta);
        this.choiceZeroSeen = true;
        target ??= choice;
        if (target !== choice) {
          foldInto(target, choice);
          changed = true;
        } else kept.push(choice);
        continue;
      }
      changed = true;
      this.renumber(index, delta);
      if (this.choiceZeroSeen || target) delete delta.role;
      choice.index = 0;
      this.choiceZeroSeen = true;
      if (target) foldInto(target, choice);
      else {
        target = choice;
        kept.push(choice);
      }
    }
    if (this.merged.size > 0 && target?.finish_reason === 'stop') {
      target.finish_reason = 'tool_calls';
      changed = true;
    }
    if (!changed) return data;
    parsed.choices = kept;
    return JSON.stringify(parsed);
  }

  /** Choice 0's own calls keep their indexes; folded calls come after them. */
  private noteOwnCalls(delta: Json): void {
    if (!Array.isArray(delta.tool_calls)) return;
    for (const tc of delta.tool_calls as Json[]) {
      if (typeof tc?.index === 'number') this.nextTool = Math.max(this.nextTool, tc.index + 1);
    }
  }

  private renumber(choice: number, delta: Json): void {
    if (!Array.isArray(delta.tool_calls)) return;
    for (const tc of delta.tool_calls as Json[]) {
      if (!tc || typeof tc !== 'object') continue;
      const key = `${choice}:${typeof tc.index === 'number' ? tc.index : 0}`;
      let mergedIndex = this.merged.get(key);
      if (mergedIndex === undefined) {
        mergedIndex = this.nextTool++;
        this.merged.set(key, mergedIndex);
      }
      tc.index = mergedIndex;
    }
  }
}

/** Folds one choice's delta into another's (same frame): text appended, calls concatenated. */
function foldInto(target: Json, from: Json): void {
  if (!target.delta || typeof target.delta !== 'object') target.delta = {};
  const into = target.delta as Json;
  const delta = (from.delta ?? {}) as Json;
  for (const [k, v] of Object.entries(delta)) {
    if (k === 'role' || v === undefined || v === null) continue;
    if (k === 'tool_calls' && Array.isArray(v)) {
      into.tool_calls = [...(Array.isArray(into.tool_calls) ? into.tool_calls : []), ...v];
    } else if (typeof v === 'string' && typeof into[k] === 'string') into[k] = `${into[k]}${v}`;
    else if (into[k] === undefined || into[k] === null) into[k] = v;
  }
  if ((target.finish_reason === undefined || target.finish_reason === null) && from.finish_reason)
    target.finish_reason = from.finish_reason;
}

function tryParse(data: string): Json | undefined {
  try {
    const v = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}
