// Egress: Copilot `/responses` SSE → IR stream events. An explicit state machine keyed by
// `output_index`, never by item id: Copilot may give an item one id in `output_item.added` and
// another in `.done`. One IR block is open at a time; a new item closes the previous one.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext, SSEMessage, StreamDecoder } from '../ir/codec.js';
import { isJsonObject as isObj, str } from '../ir/fields.js';
import type { IRStreamEvent, IRUsage } from '../ir/types.js';
import { argumentsText, summaryTexts } from './decode-response.js';
import { errorFromFailure } from './errors.js';
import { statusToFinishReason } from './map-finish-reason.js';
import { usageFromResponses } from './map-usage.js';

type Obj = Record<string, unknown>;

interface Block {
  kind: 'text' | 'reasoning' | 'tool';
  id: string;
  /** output_index, plus content_index for text blocks. */
  key: string;
  /** Whether any delta was emitted (a done event then fills in what never streamed). */
  streamed: boolean;
  /** Reasoning summary parts seen, to separate them as the non-streaming decoder does. */
  summaryParts: number;
}

export class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private terminated = false;
  private open: Block | undefined;
  /** Blocks already closed, by key, so late events for them are ignored rather than reopened. */
  private readonly closed = new Set<string>();
  private sawToolCall = false;
  private usage: IRUsage | undefined;

  constructor(private readonly ctx: CodecContext) {}

  push(message: SSEMessage): IRStreamEvent[] {
    if (this.terminated) return [];
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return [];
    }
    if (!isObj(data)) return [];
    const type = str(data.type) || message.event || '';
    const out: IRStreamEvent[] = [];
    const response = isObj(data.response) ? data.response : undefined;
    this.ensureStarted(out, response);
    const index = typeof data.output_index === 'number' ? data.output_index : -1;
    const item = isObj(data.item) ? data.item : undefined;

    switch (type) {
      case 'response.output_item.added':
        if (!item) break;
        if (item.type === 'reasoning') this.openBlock(out, 'reasoning', `${index}`);
        else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
          this.openTool(out, index, item);
          const initial = item.type === 'function_call' ? argumentsText(item.arguments) : str(item.input);
          if (initial) this.delta(out, 'tool', `${index}`, initial);
        }
        break;
      case 'response.content_part.added':
        this.openBlock(out, 'text', `${index}:${data.content_index ?? 0}`);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.delta(out, 'text', `${index}:${data.content_index ?? 0}`, str(data.delta));
        break;
      case 'response.output_text.done':
      case 'response.refusal.done':
        this.fillIfUnstreamed(
          out,
          'text',
          `${index}:${data.content_index ?? 0}`,
          str(data.text ?? data.refusal),
        );
        break;
      case 'response.content_part.done':
        this.closeIf(out, `${index}:${data.content_index ?? 0}`);
        break;
      case 'response.reasoning_summary_part.added': {
        const block = this.ensureBlock(out, 'reasoning', `${index}`);
        if (block && block.summaryParts++ > 0 && block.streamed)
          this.delta(out, 'reasoning', `${index}`, '\n\n');
        break;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        this.delta(out, 'reasoning', `${index}`, str(data.delta));
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        this.delta(out, 'tool', `${index}`, str(data.delta));
        break;
      case 'response.function_call_arguments.done':
        this.fillIfUnstreamed(out, 'tool', `${index}`, argumentsText(data.arguments));
        break;
      case 'response.custom_tool_call_input.done':
        this.fillIfUnstreamed(out, 'tool', `${index}`, str(data.input));
        break;
      case 'response.output_item.done':
        if (item) this.itemDone(out, index, item);
        break;
      case 'response.completed':
      case 'response.incomplete':
        // Copilot's billing block rides beside `response` (copilot-upstream-2026.md §1) or in it.
        this.finish(out, response, data.copilot_usage);
        break;
      case 'response.failed': {
        const err = response && isObj(response.error) ? response.error : {};
        this.fail(out, errorFromFailure(str(err.code) || undefined, str(err.message) || undefined));
        break;
      }
      case 'error': {
        // OpenAI sends the fields flat; some proxies nest them in `error`.
        const e = isObj(data.error) ? data.error : data;
        this.fail(
          out,
          errorFromFailure(str(e.code) || str(e.type) || undefined, str(e.message) || undefined),
        );
        break;
      }
      default:
        // created / in_progress / queued / annotations / hosted-tool progress: nothing to translate.
        break;
    }
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.terminated) return [];
    const out: IRStreamEvent[] = [];
    this.ensureStarted(out, undefined);
    this.fail(out, new GatewayError('upstream', 'the Copilot stream ended before completion'));
    return out;
  }

  // -------------------------------------------------------------------------------------------

  private ensureStarted(out: IRStreamEvent[], response: Obj | undefined): void {
    if (this.started) return;
    this.started = true;
    out.push({
      type: 'start',
      id: str(response?.id) || this.ctx.newId('resp_'),
      model: str(response?.model),
      created: typeof response?.created_at === 'number' ? response.created_at : this.ctx.now,
    });
  }

  private openBlock(out: IRStreamEvent[], kind: Block['kind'], key: string): Block | undefined {
    if (this.open?.key === key && this.open.kind === kind) return this.open;
    if (this.closed.has(key)) return undefined;
    this.closeOpen(out);
    const block: Block = {
      kind,
      key,
      id: this.ctx.newId(kind === 'tool' ? 'call_' : 'blk_'),
      streamed: false,
      summaryParts: 0,
    };
    this.open = block;
    if (kind === 'text') out.push({ type: 'text-start', id: block.id });
    else if (kind === 'reasoning') out.push({ type: 'reasoning-start', id: block.id });
    return block;
  }

  private openTool(out: IRStreamEvent[], index: number, item: Obj): void {
    const key = `${index}`;
    if (this.open?.key === key || this.closed.has(key)) return;
    const block = this.openBlock(out, 'tool', key)!;
    this.sawToolCall = true;
    out.push({
      type: 'tool-call-start',
      id: block.id,
      callId: str(item.call_id),
      name: str(item.name),
      kind: item.type === 'custom_tool_call' ? 'custom' : 'function',
    });
  }

  /** The open block for `key`, opening one when deltas arrive without their "added" event. */
  private ensureBlock(out: IRStreamEvent[], kind: Block['kind'], key: string): Block | undefined {
    if (this.open?.key === key && this.open.kind === kind) return this.open;
    if (kind === 'tool') return undefined; // a call needs its name and call_id from output_item.added
    return this.openBlock(out, kind, key);
  }

  private delta(out: IRStreamEvent[], kind: Block['kind'], key: string, delta: string): void {
    if (!delta) return;
    const block = this.ensureBlock(out, kind, key);
    if (!block) return;
    block.streamed = true;
    if (kind === 'text') out.push({ type: 'text-delta', id: block.id, delta });
    else if (kind === 'reasoning') out.push({ type: 'reasoning-delta', id: block.id, delta });
    else out.push({ type: 'tool-call-delta', id: block.id, delta });
  }

  /** Some upstreams skip deltas and send only the final text: emit it as one delta. */
  private fillIfUnstreamed(out: IRStreamEvent[], kind: Block['kind'], key: string, text: string): void {
    const block = this.ensureBlock(out, kind, key);
    if (block && !block.streamed) this.delta(out, kind, key, text);
  }

  private itemDone(out: IRStreamEvent[], index: number, item: Obj): void {
    const key = `${index}`;
    switch (item.type) {
      case 'reasoning': {
        const block = this.ensureBlock(out, 'reasoning', key);
        if (!block) return;
        if (!block.streamed) this.delta(out, 'reasoning', key, summaryTexts(item).join('\n\n'));
        const encrypted = str(item.encrypted_content);
        this.closeOpen(out, encrypted ? { encryptedContent: encrypted } : undefined);
        return;
      }
      case 'function_call':
      case 'custom_tool_call':
        // Key by output_index: the done item's id may differ from the added one (Copilot quirk).
        this.openTool(out, index, item);
        this.fillIfUnstreamed(
          out,
          'tool',
          key,
          item.type === 'function_call' ? argumentsText(item.arguments) : str(item.input),
        );
        this.closeIf(out, key);
        return;
      case 'message': {
        // Text blocks are keyed per content part; close whatever part of this item is still open.
        if (this.open?.kind === 'text' && this.open.key.startsWith(`${index}:`)) this.closeOpen(out);
        return;
      }
      default:
        this.ctx.warnings.push({
          code: 'dropped-content',
          message: `Copilot streamed a '${String(item.type)}' output item, which cannot be translated; dropped.`,
        });
    }
  }

  private closeIf(out: IRStreamEvent[], key: string): void {
    if (this.open?.key === key) this.closeOpen(out);
  }

  private closeOpen(out: IRStreamEvent[], opaque?: { encryptedContent: string }): void {
    const block = this.open;
    if (!block) return;
    this.open = undefined;
    this.closed.add(block.key);
    if (block.kind === 'text') out.push({ type: 'text-end', id: block.id });
    else if (block.kind === 'reasoning') out.push({ type: 'reasoning-end', id: block.id, ...opaque });
    else out.push({ type: 'tool-call-end', id: block.id });
  }

  private finish(out: IRStreamEvent[], response: Obj | undefined, billing?: unknown): void {
    this.closeOpen(out);
    const usage = usageFromResponses(response?.usage, billing ?? response?.copilot_usage);
    if (usage) {
      this.usage = usage;
      out.push({ type: 'usage', usage });
    }
    const incomplete =
      response && isObj(response.incomplete_details) ? response.incomplete_details.reason : undefined;
    const reason = statusToFinishReason(response?.status ?? 'completed', incomplete, this.sawToolCall);
    out.push(this.usage ? { type: 'finish', reason, usage: this.usage } : { type: 'finish', reason });
    this.terminated = true;
  }

  private fail(out: IRStreamEvent[], error: GatewayError): void {
    this.closeOpen(out);
    out.push({ type: 'error', error });
    this.terminated = true;
  }
}
