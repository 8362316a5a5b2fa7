// Copilot `/v1/messages` SSE → IR stream events (egress). An explicit state machine keyed by
// the upstream content-block index. Copilot quirks handled: `msg_bdrk_` ids, `copilot_annotations`
// events (ignored), `copilot_usage` inside message_delta (→ usage.copilotUsage), `ping` (ignored),
// server-tool blocks (skipped), `event: error` (→ error event).

import { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, SSEMessage, StreamDecoder } from '../ir/codec.js';
import { str } from '../ir/fields.js';
import { isJsonObject as isObj } from '../ir/json.js';
import type { IRFinishReason, IRStreamEvent, IRUsage } from '../ir/types.js';
import { gatewayErrorFromAnthropic } from './errors.js';
import { finishReasonFromAnthropic } from './map-finish-reason.js';
import { completeUsage, usageFromAnthropic } from './map-usage.js';

type Obj = Record<string, unknown>;

type OpenBlock =
  | { kind: 'text'; index: number; id: string }
  | { kind: 'reasoning'; index: number; id: string; signature?: string }
  | { kind: 'tool'; index: number; id: string }
  /** A server-tool block whose events are skipped. */
  | { kind: 'skip'; index: number };

export class AnthropicStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private open: OpenBlock | undefined;
  private usage: Partial<IRUsage> = {};
  private stopReason: string | null | undefined;
  private stopSequence: string | undefined;

  constructor(private readonly ctx: CodecContext) {}

  push(message: SSEMessage): IRStreamEvent[] {
    if (this.done) return [];
    let data: Obj;
    try {
      const parsed: unknown = JSON.parse(message.data);
      if (!isObj(parsed)) return [];
      data = parsed;
    } catch {
      return this.fail(new GatewayError('upstream', 'Copilot sent a malformed /v1/messages stream frame'));
    }
    const type = typeof data.type === 'string' ? data.type : message.event;
    switch (type) {
      case 'message_start':
        return this.onMessageStart(data);
      case 'content_block_start':
        return this.onBlockStart(data);
      case 'content_block_delta':
        return this.onBlockDelta(data);
      case 'content_block_stop':
        return this.closeOpen();
      case 'message_delta':
        return this.onMessageDelta(data);
      case 'message_stop':
        return [...this.closeOpen(), this.finish()];
      case 'error':
        return this.fail(gatewayErrorFromAnthropic(isObj(data.error) ? data.error : {}));
      default:
        // ping, copilot_annotations and future event types carry nothing the IR needs.
        return [];
    }
  }

  end(): IRStreamEvent[] {
    if (this.done) return [];
    const out = this.closeOpen();
    if (this.stopReason !== undefined) return [...this.ensureStarted(), ...out, this.finish()];
    this.done = true;
    return [
      ...out,
      { type: 'error', error: new GatewayError('upstream', 'the Copilot stream ended before completion') },
    ];
  }

  private ensureStarted(): IRStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    return [{ type: 'start', id: this.ctx.newId('msg_'), model: '', created: this.ctx.now }];
  }

  private onMessageStart(data: Obj): IRStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const m = isObj(data.message) ? data.message : {};
    if (isObj(m.usage)) this.usage = usageFromAnthropic(m.usage);
    const ev: Extract<IRStreamEvent, { type: 'start' }> = {
      type: 'start',
      id: typeof m.id === 'string' ? m.id : this.ctx.newId('msg_'),
      model: str(m.model),
      created: this.ctx.now,
    };
    if (Object.keys(this.usage).length) ev.usage = { ...this.usage };
    return [ev];
  }

  private onBlockStart(data: Obj): IRStreamEvent[] {
    const out = [...this.ensureStarted(), ...this.closeOpen()];
    const index = typeof data.index === 'number' ? data.index : -1;
    const b = isObj(data.content_block) ? data.content_block : {};
    switch (b.type) {
      case 'text': {
        const id = this.ctx.newId('txt_');
        this.open = { kind: 'text', index, id };
        out.push({ type: 'text-start', id });
        if (typeof b.text === 'string' && b.text) out.push({ type: 'text-delta', id, delta: b.text });
        return out;
      }
      case 'thinking': {
        const id = this.ctx.newId('rs_');
        this.open = { kind: 'reasoning', index, id };
        out.push({ type: 'reasoning-start', id });
        if (typeof b.thinking === 'string' && b.thinking)
          out.push({ type: 'reasoning-delta', id, delta: b.thinking });
        if (typeof b.signature === 'string' && b.signature) this.open.signature = b.signature;
        return out;
      }
      case 'redacted_thinking': {
        const id = this.ctx.newId('rs_');
        this.open = { kind: 'reasoning', index, id };
        out.push({ type: 'reasoning-start', id, redactedData: str(b.data) });
        return out;
      }
      case 'tool_use': {
        const id = this.ctx.newId('tc_');
        this.open = { kind: 'tool', index, id };
        out.push({
          type: 'tool-call-start',
          id,
          callId: typeof b.id === 'string' ? b.id : id,
          name: str(b.name),
          kind: 'function',
        });
        // The start normally holds `input:{}`; a non-empty object is a complete input.
        if (isObj(b.input) && Object.keys(b.input).length)
          out.push({ type: 'tool-call-delta', id, delta: JSON.stringify(b.input) });
        return out;
      }
      default:
        this.open = { kind: 'skip', index };
        this.ctx.warnings.push({
          code: 'dropped-content',
          message: `stream block type ${String(b.type)} skipped`,
        });
        return out;
    }
  }

  private onBlockDelta(data: Obj): IRStreamEvent[] {
    const b = this.open;
    const d = isObj(data.delta) ? data.delta : {};
    if (!b || b.kind === 'skip') return [];
    if (d.type === 'text_delta' && b.kind === 'text' && typeof d.text === 'string' && d.text)
      return [{ type: 'text-delta', id: b.id, delta: d.text }];
    if (d.type === 'thinking_delta' && b.kind === 'reasoning' && typeof d.thinking === 'string' && d.thinking)
      return [{ type: 'reasoning-delta', id: b.id, delta: d.thinking }];
    if (d.type === 'signature_delta' && b.kind === 'reasoning' && typeof d.signature === 'string') {
      b.signature = d.signature;
      return [{ type: 'reasoning-signature', id: b.id, signature: d.signature }];
    }
    if (
      d.type === 'input_json_delta' &&
      b.kind === 'tool' &&
      typeof d.partial_json === 'string' &&
      d.partial_json
    )
      return [{ type: 'tool-call-delta', id: b.id, delta: d.partial_json }];
    // citations_delta and unknown deltas have no IR equivalent.
    return [];
  }

  private onMessageDelta(data: Obj): IRStreamEvent[] {
    const out = this.ensureStarted();
    const d = isObj(data.delta) ? data.delta : {};
    if (typeof d.stop_reason === 'string') this.stopReason = d.stop_reason;
    if (typeof d.stop_sequence === 'string') this.stopSequence = d.stop_sequence;
    const update: Partial<IRUsage> = isObj(data.usage) ? usageFromAnthropic(data.usage) : {};
    // message_delta counters override message_start's; input counts are only present sometimes.
    this.usage = extend(this.usage, update);
    const copilotUsage = data.copilot_usage ?? (isObj(data.usage) ? data.usage.copilot_usage : undefined);
    if (copilotUsage !== undefined) this.usage.copilotUsage = copilotUsage;
    out.push({ type: 'usage', usage: { ...this.usage } });
    return out;
  }

  private closeOpen(): IRStreamEvent[] {
    const b = this.open;
    this.open = undefined;
    if (!b || b.kind === 'skip') return [];
    if (b.kind === 'text') return [{ type: 'text-end', id: b.id }];
    if (b.kind === 'tool') return [{ type: 'tool-call-end', id: b.id }];
    const ev: IRStreamEvent = { type: 'reasoning-end', id: b.id };
    if (b.signature) ev.signature = b.signature;
    return [ev];
  }

  private finish(): IRStreamEvent {
    this.done = true;
    const reason: IRFinishReason = finishReasonFromAnthropic(this.stopReason);
    const ev: Extract<IRStreamEvent, { type: 'finish' }> = {
      type: 'finish',
      reason,
      usage: completeUsage(this.usage),
    };
    if (this.stopSequence !== undefined) ev.stopSequence = this.stopSequence;
    return ev;
  }

  private fail(error: GatewayError): IRStreamEvent[] {
    const out = this.closeOpen();
    this.done = true;
    return [...out, { type: 'error', error }];
  }
}

export function createAnthropicStreamDecoder(ctx: CodecContext): StreamDecoder {
  return new AnthropicStreamDecoder(ctx);
}
