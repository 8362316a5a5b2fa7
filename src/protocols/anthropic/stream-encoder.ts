// IR stream events → Anthropic Messages SSE (ingress). An explicit state machine: the open block,
// the next content-block index, the usage so far, and whether the stream is over.
//
// Rules it guarantees (client-protocols.md §3): `event:` + `data:` frames; one message_start
// first; 0-based contiguous indices with no interleaving; empty text/thinking blocks are never
// emitted (blocks open lazily on their first content); one signature_delta right before a
// thinking block's stop; redacted_thinking complete in its start; tool_use starts with
// `input:{}` then input_json_delta; message_delta always carries the four usage counters;
// nothing after message_stop or an error.

import type { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, StreamEncoder } from '../ir/codec.js';
import type { IRRequest, IRStreamEvent, IRToolKind, IRUsage } from '../ir/types.js';
import { sseJson } from '../sse/write.js';
import { messageId } from './encode-response.js';
import { anthropicErrorBody } from './errors.js';
import { signatureFor } from './foreign-reasoning.js';
import { finishReasonToAnthropic } from './map-finish-reason.js';
import { usageToAnthropic } from './map-usage.js';
import { toolId } from './tool-input.js';

type OpenBlock =
  | { kind: 'text'; id: string; index?: number }
  | { kind: 'thinking'; id: string; index?: number; signature?: string }
  | { kind: 'redacted'; id: string; index: number }
  | { kind: 'tool'; id: string; index: number; toolKind: IRToolKind };

/** One `event: <type>` frame; the payload names its type first (no `{ type, ...payload }` copy). */
function frame(payload: { type: string; [key: string]: unknown }): string {
  return sseJson(payload, payload.type);
}

export class AnthropicStreamEncoder implements StreamEncoder {
  private started = false;
  private closed = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private usage: Partial<IRUsage> = {};
  private sawToolUse = false;

  constructor(
    private readonly req: IRRequest,
    private readonly ctx: CodecContext,
  ) {}

  push(ev: IRStreamEvent): string {
    if (this.closed) return '';
    if (ev.type === 'error') return this.error(ev.error);
    let out = ev.type === 'start' ? '' : this.ensureStarted();
    switch (ev.type) {
      case 'start':
        if (this.started) return '';
        if (ev.usage) this.usage = extend(this.usage, ev.usage);
        return this.messageStart(ev.id);
      case 'text-start':
        out += this.closeOpen();
        this.open = { kind: 'text', id: ev.id };
        return out;
      case 'text-delta': {
        const b = this.open;
        if (b?.kind !== 'text' || b.id !== ev.id || ev.delta === '') return out;
        if (b.index === undefined) out += this.startBlock(b, { type: 'text', text: '' });
        return out + this.delta(b.index!, { type: 'text_delta', text: ev.delta });
      }
      case 'reasoning-start':
        out += this.closeOpen();
        if (ev.redactedData !== undefined) {
          const index = this.nextIndex++;
          this.open = { kind: 'redacted', id: ev.id, index };
          return (
            out +
            frame({
              type: 'content_block_start',
              index,
              content_block: { type: 'redacted_thinking', data: ev.redactedData },
            })
          );
        }
        this.open = { kind: 'thinking', id: ev.id };
        return out;
      case 'reasoning-delta': {
        const b = this.open;
        if (b?.kind !== 'thinking' || b.id !== ev.id || ev.delta === '') return out;
        if (b.index === undefined)
          out += this.startBlock(b, { type: 'thinking', thinking: '', signature: '' });
        return out + this.delta(b.index!, { type: 'thinking_delta', thinking: ev.delta });
      }
      case 'reasoning-signature': {
        const b = this.open;
        const signature = signatureFor(ev);
        if (b?.kind === 'thinking' && b.id === ev.id && signature) b.signature = signature;
        return out;
      }
      case 'reasoning-end': {
        const b = this.open;
        const signature = signatureFor(ev);
        if (b?.kind === 'thinking' && b.id === ev.id && signature) b.signature = signature;
        return out + (b?.id === ev.id ? this.closeOpen() : '');
      }
      case 'tool-call-start': {
        out += this.closeOpen();
        const index = this.nextIndex++;
        this.open = { kind: 'tool', id: ev.id, index, toolKind: ev.kind };
        this.sawToolUse = true;
        out += frame({
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: toolId(ev.callId), name: ev.name, input: {} },
        });
        // Freeform input is streamed as the JSON object {"input": "<text>"}, built piecewise.
        if (ev.kind === 'custom')
          out += this.delta(index, { type: 'input_json_delta', partial_json: '{"input":"' });
        return out;
      }
      case 'tool-call-delta': {
        const b = this.open;
        if (b?.kind !== 'tool' || b.id !== ev.id || ev.delta === '') return out;
        const partial = b.toolKind === 'custom' ? JSON.stringify(ev.delta).slice(1, -1) : ev.delta;
        return out + this.delta(b.index, { type: 'input_json_delta', partial_json: partial });
      }
      case 'text-end':
      case 'tool-call-end':
        return out + (this.open?.id === ev.id ? this.closeOpen() : '');
      case 'usage':
        this.usage = extend(this.usage, ev.usage);
        return out;
      case 'finish': {
        out += this.closeOpen();
        if (ev.usage) this.usage = extend(this.usage, ev.usage);
        let reason = finishReasonToAnthropic(ev.reason);
        // Derive "tool_use" from the calls actually sent, not from the upstream's claim.
        if (reason === 'end_turn' && this.sawToolUse) reason = 'tool_use';
        else if (reason === 'tool_use' && !this.sawToolUse) reason = 'end_turn';
        return out + this.finishFrames(reason, reason === 'stop_sequence' ? (ev.stopSequence ?? null) : null);
      }
    }
  }

  end(): string {
    if (this.closed) return '';
    // No finish was pushed: close cleanly so the SDK still gets its terminal frames.
    return this.ensureStarted() + this.closeOpen() + this.finishFrames('end_turn', null);
  }

  heartbeat(): string {
    return this.closed ? '' : frame({ type: 'ping' });
  }

  error(err: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return sseJson(anthropicErrorBody(err), 'error');
  }

  private ensureStarted(): string {
    return this.started ? '' : this.messageStart(this.ctx.newId('msg_'));
  }

  private messageStart(id: string): string {
    this.started = true;
    const usage = usageToAnthropic(this.usage);
    return frame({
      type: 'message_start',
      message: {
        id: messageId(id, this.ctx),
        type: 'message',
        role: 'assistant',
        model: this.req.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    });
  }

  private startBlock(b: { index?: number }, contentBlock: Record<string, unknown>): string {
    b.index = this.nextIndex++;
    return frame({ type: 'content_block_start', index: b.index, content_block: contentBlock });
  }

  private delta(index: number, delta: Record<string, unknown>): string {
    return frame({ type: 'content_block_delta', index, delta });
  }

  private closeOpen(): string {
    const b = this.open;
    this.open = undefined;
    if (!b) return '';
    let out = '';
    if (b.kind === 'thinking') {
      // A thinking block with neither text nor signature (foreign reasoning) is not emitted.
      if (b.index === undefined && !b.signature) return '';
      if (b.index === undefined) out += this.startBlock(b, { type: 'thinking', thinking: '', signature: '' });
      if (b.signature) out += this.delta(b.index!, { type: 'signature_delta', signature: b.signature });
    }
    if (b.kind === 'tool' && b.toolKind === 'custom')
      out += this.delta(b.index, { type: 'input_json_delta', partial_json: '"}' });
    if (b.index === undefined) return out;
    return out + frame({ type: 'content_block_stop', index: b.index });
  }

  private finishFrames(reason: string, stopSequence: string | null): string {
    this.closed = true;
    const delta: { type: string; [key: string]: unknown } = {
      type: 'message_delta',
      delta: { stop_reason: reason, stop_sequence: stopSequence },
      usage: usageToAnthropic(this.usage),
    };
    // Copilot's billing block on message_delta, where Copilot's own /v1/messages stream has it.
    if (this.usage.copilotUsage !== undefined) delta.copilot_usage = this.usage.copilotUsage;
    return frame(delta) + frame({ type: 'message_stop' });
  }
}

export function createAnthropicStreamEncoder(req: IRRequest, ctx: CodecContext): StreamEncoder {
  return new AnthropicStreamEncoder(req, ctx);
}
