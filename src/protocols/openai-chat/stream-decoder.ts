// Egress streaming: Copilot /chat/completions SSE → IR events, as an explicit state machine.
// Copilot specifics handled here: filter-only `choices:[]` chunks, `reasoning_text` deltas with
// the signature arriving separately as `reasoning_opaque`, tool calls keyed by (choice, index)
// because Claude answers may spread over choices, usage on the finish chunk or on its own chunk
// (plus `copilot_usage`), and `{"error":…}` frames mid-stream.

import { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, SSEMessage, StreamDecoder } from '../ir/codec.js';
import { firstString, str } from '../ir/fields.js';
import type { IRMeta, IRStreamEvent, IRToolKind, IRUsage } from '../ir/types.js';
import { errorFromChatErrorObject } from './errors.js';
import { chatFinishToIR, deriveFinishReason, strongestChatFinish } from './map-finish-reason.js';
import { chatUsageToIR } from './map-usage.js';
import { isObject, type Json } from './validate.js';

type OpenBlock =
  | { kind: 'text'; id: string; refusal: boolean }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; key: string };

interface ToolSlot {
  blockId: string;
  callId: string;
}

export class ChatStreamDecoder implements StreamDecoder {
  private started = false;
  private terminated = false;
  private open: OpenBlock | undefined;
  /** Tool calls by `${choice}:${index}`; a new id under the same key starts a new call. */
  private readonly tools = new Map<string, ToolSlot>();
  private toolCount = 0;
  /** The most significant finish_reason over all choices (null until one arrives). */
  private finishReason: string | null = null;
  private usage: IRUsage | undefined;

  constructor(private readonly ctx: CodecContext) {}

  push(message: SSEMessage): IRStreamEvent[] {
    if (this.terminated) return [];
    const data = message.data.trim();
    if (data === '[DONE]') return this.complete();
    if (data === '') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return this.fail(
        new GatewayError('upstream', `Copilot sent an unreadable stream chunk: ${data.slice(0, 200)}`),
      );
    }
    if (!isObject(chunk)) return [];
    if (isObject(chunk.error) || message.event === 'error')
      return this.fail(errorFromChatErrorObject(chunk.error ?? chunk));

    const choices = Array.isArray(chunk.choices) ? chunk.choices.filter(isObject) : [];
    const hasUsage = isObject(chunk.usage) || chunk.copilot_usage !== undefined;
    // Azure's first chunk may carry only prompt filter results: nothing to say yet.
    if (choices.length === 0 && !hasUsage) return [];

    const out: IRStreamEvent[] = [];
    this.ensureStarted(chunk, out);
    for (const choice of choices) this.choice(choice, out);
    if (hasUsage) {
      const usage = chatUsageToIR(chunk.usage, chunk.copilot_usage);
      if (usage) {
        // copilot_usage may come in a chunk of its own after `usage`: merge, never forget.
        this.usage = isObject(chunk.usage)
          ? withCopilotUsage(usage, usage.copilotUsage ?? this.usage?.copilotUsage)
          : withCopilotUsage(this.usage ?? { inputTokens: 0, outputTokens: 0 }, usage.copilotUsage);
        out.push({ type: 'usage', usage: { ...this.usage } });
      }
    }
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.terminated) return [];
    if (this.finishReason !== null) return this.complete();
    const out = this.closeOpen();
    this.terminated = true;
    out.push({
      type: 'error',
      error: new GatewayError('upstream', 'the Copilot stream ended before completion', {
        code: 'stream_truncated',
      }),
    });
    return out;
  }

  private ensureStarted(chunk: Json, out: IRStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    out.push({
      type: 'start',
      id: typeof chunk.id === 'string' && chunk.id ? chunk.id : this.ctx.newId('chatcmpl-'),
      model: str(chunk.model),
      created: typeof chunk.created === 'number' ? chunk.created : this.ctx.now,
    });
  }

  private choice(choice: Json, out: IRStreamEvent[]): void {
    const choiceIndex = typeof choice.index === 'number' ? choice.index : 0;
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : {};

    const reasoning = firstString(delta.reasoning_text, delta.reasoning_content, delta.reasoning);
    if (reasoning) out.push(...this.reasoningDelta(reasoning));
    if (typeof delta.reasoning_opaque === 'string' && delta.reasoning_opaque) {
      out.push(...this.signature(delta.reasoning_opaque));
    }
    if (typeof delta.content === 'string' && delta.content) out.push(...this.textDelta(delta.content, false));
    if (typeof delta.refusal === 'string' && delta.refusal) out.push(...this.textDelta(delta.refusal, true));
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((tc, position) => {
        if (isObject(tc)) out.push(...this.toolDelta(choiceIndex, tc, position));
      });
    }
    if (isObject(delta.function_call)) {
      out.push(...this.toolDelta(choiceIndex, { index: 0, function: delta.function_call }, 0));
    }
    if (typeof choice.finish_reason === 'string' && choice.finish_reason) {
      this.finishReason = strongestChatFinish([this.finishReason, choice.finish_reason]);
      out.push(...this.closeOpen());
    }
  }

  private reasoningDelta(text: string): IRStreamEvent[] {
    const out =
      this.open?.kind === 'reasoning'
        ? []
        : this.startBlock({ kind: 'reasoning', id: this.ctx.newId('rs_') });
    out.push({ type: 'reasoning-delta', id: (this.open as OpenBlock).id, delta: text });
    return out;
  }

  /** The signature belongs to the open reasoning block; if none is open, to a new empty one. */
  private signature(signature: string): IRStreamEvent[] {
    const out =
      this.open?.kind === 'reasoning'
        ? []
        : this.startBlock({ kind: 'reasoning', id: this.ctx.newId('rs_') });
    const block = this.open as Extract<OpenBlock, { kind: 'reasoning' }>;
    block.signature = signature;
    out.push({ type: 'reasoning-signature', id: block.id, signature });
    return out;
  }

  private textDelta(text: string, refusal: boolean): IRStreamEvent[] {
    const same = this.open?.kind === 'text' && this.open.refusal === refusal;
    const out = same ? [] : this.startBlock({ kind: 'text', id: this.ctx.newId('txt_'), refusal });
    out.push({ type: 'text-delta', id: (this.open as OpenBlock).id, delta: text });
    return out;
  }

  private toolDelta(choiceIndex: number, tc: Json, position: number): IRStreamEvent[] {
    const fn = isObject(tc.function) ? tc.function : isObject(tc.custom) ? tc.custom : {};
    const kind: IRToolKind = tc.type === 'custom' ? 'custom' : 'function';
    const index = typeof tc.index === 'number' ? tc.index : undefined;
    const id = typeof tc.id === 'string' && tc.id ? tc.id : undefined;
    const name = typeof fn.name === 'string' && fn.name ? fn.name : undefined;
    const args = typeof fn.arguments === 'string' ? fn.arguments : str(fn.input);
    // Without an index (seen from Gemini models), a fragment without id continues the open call.
    const key =
      index !== undefined
        ? `${choiceIndex}:${index}`
        : !id && this.open?.kind === 'tool'
          ? this.open.key
          : `${choiceIndex}:p${position}:${this.toolCount}`;
    const slot = this.tools.get(key);
    const out: IRStreamEvent[] = [];
    if (
      !slot ||
      (id && id !== slot.callId) ||
      (!id && name && !(this.open?.kind === 'tool' && this.open.key === key))
    ) {
      const blockId = this.ctx.newId('tc_');
      const callId = id ?? this.ctx.newId('call_');
      out.push(...this.closeOpen());
      this.open = { kind: 'tool', id: blockId, key };
      this.tools.set(key, { blockId, callId });
      this.toolCount++;
      const start: Extract<IRStreamEvent, { type: 'tool-call-start' }> = {
        type: 'tool-call-start',
        id: blockId,
        callId,
        name: name ?? '',
        kind,
      };
      if (typeof fn.thought_signature === 'string') start.meta = thoughtMeta(fn.thought_signature);
      out.push(start);
    } else if (!(this.open?.kind === 'tool' && this.open.id === slot.blockId)) {
      // IR blocks never interleave, so a fragment for a call already closed cannot be placed.
      if (args) {
        this.ctx.warnings.push({
          code: 'dropped-content',
          message: `an argument fragment for tool call ${slot.callId} arrived after the call was closed; dropped`,
        });
      }
      return out;
    }
    const blockId = (this.open as OpenBlock).id;
    if (args) out.push({ type: 'tool-call-delta', id: blockId, delta: args });
    return out;
  }

  private startBlock(block: OpenBlock): IRStreamEvent[] {
    const out = this.closeOpen();
    this.open = block;
    if (block.kind === 'text') {
      out.push(
        block.refusal
          ? { type: 'text-start', id: block.id, meta: { 'openai-chat': { refusal: true } } }
          : { type: 'text-start', id: block.id },
      );
    } else if (block.kind === 'reasoning') out.push({ type: 'reasoning-start', id: block.id });
    return out;
  }

  private closeOpen(): IRStreamEvent[] {
    const block = this.open;
    if (!block) return [];
    this.open = undefined;
    if (block.kind === 'text') return [{ type: 'text-end', id: block.id }];
    if (block.kind === 'tool') return [{ type: 'tool-call-end', id: block.id }];
    return block.signature
      ? [{ type: 'reasoning-end', id: block.id, signature: block.signature }]
      : [{ type: 'reasoning-end', id: block.id }];
  }

  private complete(): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start', id: this.ctx.newId('chatcmpl-'), model: '', created: this.ctx.now });
    }
    out.push(...this.closeOpen());
    this.terminated = true;
    const reason = deriveFinishReason(chatFinishToIR(this.finishReason), this.toolCount > 0);
    out.push(this.usage ? { type: 'finish', reason, usage: { ...this.usage } } : { type: 'finish', reason });
    return out;
  }

  private fail(error: GatewayError): IRStreamEvent[] {
    const out = this.closeOpen();
    this.terminated = true;
    out.push({ type: 'error', error });
    return out;
  }
}

/** A copy of `usage` whose `copilotUsage` is `copilotUsage`, or absent when that is undefined. */
function withCopilotUsage(usage: IRUsage, copilotUsage: unknown): IRUsage {
  if (copilotUsage !== undefined) return extend(usage, { copilotUsage });
  if (!('copilotUsage' in usage)) return { ...usage };
  // Rare (a null copilot_usage after one was seen); `delete` would leave the copy in dictionary mode.
  const { copilotUsage: _dropped, ...rest } = usage;
  return rest;
}

function thoughtMeta(signature: string): IRMeta {
  return { 'openai-chat': { thoughtSignature: signature } };
}
