// Ingress: IR stream events → Responses SSE for the client. An explicit state machine: the
// response id, the sequence counter, the items finished so far and the one open item. The event
// order follows what openai-node's accumulator and Codex enforce: created → in_progress → items
// (each added → sub-events → done before the next starts) → exactly one terminal event carrying
// the whole response. Item ids are made once and reused in every sub-event.

import { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, StreamEncoder } from '../ir/codec.js';
import type { IRFinishReason, IRRequest, IRStreamEvent, IRUsage } from '../ir/types.js';
import { sseJson } from '../sse/write.js';
import { failedCode, failedMessage } from './errors.js';
import { finishReasonToStatus } from './map-finish-reason.js';
import {
  encryptedContentFor,
  responseObject,
  toolCallItem,
  wantsEncryptedReasoning,
} from './output-items.js';
import type { OutputItem, ResponsesResponse, ResponsesStatus } from './wire-types.js';

type OpenItem =
  | { kind: 'message'; irId: string; itemId: string; index: number; text: string; refusal: boolean }
  | {
      kind: 'reasoning';
      irId: string;
      itemId: string;
      index: number;
      text: string;
      partOpen: boolean;
      signature?: string;
      encryptedContent?: string;
      redactedData?: string;
    }
  | {
      kind: 'tool';
      irId: string;
      itemId: string;
      index: number;
      callId: string;
      name: string;
      custom: boolean;
      args: string;
    };

export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private started = false;
  private terminated = false;
  private readonly responseId: string;
  private readonly output: OutputItem[] = [];
  private open: OpenItem | undefined;
  private usage: Partial<IRUsage> | undefined;
  private readonly includeEncrypted: boolean;

  constructor(
    private readonly req: IRRequest,
    private readonly ctx: CodecContext,
  ) {
    this.responseId = ctx.newId('resp_');
    this.includeEncrypted = wantsEncryptedReasoning(req);
  }

  push(ev: IRStreamEvent): string {
    if (this.terminated) return '';
    if (ev.type === 'error') return this.error(ev.error);
    let out = this.ensureStarted();
    switch (ev.type) {
      case 'start':
        if (ev.usage) this.usage = extend(this.usage ?? {}, ev.usage);
        break;
      case 'text-start': {
        out += this.closeOpen();
        const refusal = ev.meta?.['openai-responses']?.refusal === true;
        const item = this.openItem({ kind: 'message' as const, irId: ev.id, text: '', refusal });
        out += this.emit('response.output_item.added', {
          output_index: item.index,
          item: { id: item.itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
        });
        out += this.emit('response.content_part.added', {
          item_id: item.itemId,
          output_index: item.index,
          content_index: 0,
          part: this.contentPart(item.refusal, ''),
        });
        break;
      }
      case 'text-delta': {
        const item = this.current('message', ev.id);
        if (!item || !ev.delta) break;
        item.text += ev.delta;
        out += this.emit(item.refusal ? 'response.refusal.delta' : 'response.output_text.delta', {
          item_id: item.itemId,
          output_index: item.index,
          content_index: 0,
          delta: ev.delta,
          ...(item.refusal ? {} : { logprobs: [] }),
        });
        break;
      }
      case 'reasoning-start': {
        out += this.closeOpen();
        const item = this.openItem({
          kind: 'reasoning' as const,
          irId: ev.id,
          text: '',
          partOpen: false,
          redactedData: ev.redactedData,
        });
        out += this.emit('response.output_item.added', {
          output_index: item.index,
          item: { id: item.itemId, type: 'reasoning', summary: [] },
        });
        break;
      }
      case 'reasoning-delta': {
        const item = this.current('reasoning', ev.id);
        if (!item || !ev.delta) break;
        if (!item.partOpen) {
          item.partOpen = true;
          out += this.emit('response.reasoning_summary_part.added', {
            item_id: item.itemId,
            output_index: item.index,
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          });
        }
        item.text += ev.delta;
        out += this.emit('response.reasoning_summary_text.delta', {
          item_id: item.itemId,
          output_index: item.index,
          summary_index: 0,
          delta: ev.delta,
        });
        break;
      }
      case 'reasoning-signature':
      case 'reasoning-end': {
        const item = this.current('reasoning', ev.id);
        if (!item) break;
        if (ev.signature !== undefined) item.signature = ev.signature;
        if (ev.encryptedContent !== undefined) item.encryptedContent = ev.encryptedContent;
        if (ev.type === 'reasoning-end') out += this.closeOpen();
        break;
      }
      case 'tool-call-start': {
        out += this.closeOpen();
        const custom = ev.kind === 'custom';
        // Codex needs a unique call_id; upstreams without ids (Gemini) get a fresh one.
        const callId = ev.callId || this.ctx.newId('call_');
        const item = this.openItem({
          kind: 'tool' as const,
          irId: ev.id,
          callId,
          name: ev.name,
          custom,
          args: '',
        });
        const done = toolCallItem(item.itemId, {
          type: 'tool-call',
          callId,
          name: ev.name,
          kind: ev.kind,
          arguments: '',
        });
        // The added item starts with empty arguments/input, whatever the done item will hold, and
        // its status last (explicit literals: a spread with new keys costs a hidden class a call).
        const { id, type, call_id, name } = done;
        out += this.emit('response.output_item.added', {
          output_index: item.index,
          item: custom
            ? { id, type, call_id, name, input: '', status: 'in_progress' }
            : { id, type, call_id, name, arguments: '', status: 'in_progress' },
        });
        break;
      }
      case 'tool-call-delta': {
        const item = this.current('tool', ev.id);
        if (!item || !ev.delta) break;
        item.args += ev.delta;
        out += this.emit(
          item.custom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta',
          { item_id: item.itemId, output_index: item.index, delta: ev.delta },
        );
        break;
      }
      case 'text-end':
      case 'tool-call-end': {
        const item = this.open;
        if (item && item.irId === ev.id) out += this.closeOpen();
        break;
      }
      case 'usage':
        this.usage = extend(this.usage ?? {}, ev.usage);
        break;
      case 'finish':
        out += this.closeOpen();
        if (ev.usage) this.usage = ev.usage;
        out += this.terminal(ev.reason);
        break;
    }
    return out;
  }

  end(): string {
    if (this.terminated) return '';
    // No finish arrived: say so instead of pretending the answer is complete (Codex re-sends).
    return this.error(new GatewayError('upstream', 'The Copilot stream ended before completion.'));
  }

  heartbeat(): string {
    if (this.terminated) return '';
    // Codex's idle timer counts parsed events, so the keep-alive is a typed no-op event.
    if (!this.started) return this.ensureStarted();
    return this.emit('response.in_progress', { response: this.snapshot('in_progress') });
  }

  error(err: GatewayError): string {
    if (this.terminated) return '';
    let out = this.ensureStarted();
    // A half-built item is not reported as completed; the failed response lists finished items only.
    this.open = undefined;
    const code = failedCode(err);
    const message = failedMessage(err);
    out += this.emit('error', {
      code,
      message,
      param: err.param ?? null,
      error: { type: code, code, message, param: err.param ?? null },
    });
    out += this.emit('response.failed', {
      response: this.snapshot('failed', { error: { code, message } }),
    });
    this.terminated = true;
    return out;
  }

  // -------------------------------------------------------------------------------------------

  private ensureStarted(): string {
    if (this.started) return '';
    this.started = true;
    const response = this.snapshot('in_progress');
    return this.emit('response.created', { response }) + this.emit('response.in_progress', { response });
  }

  private snapshot(
    status: ResponsesStatus,
    extra: { incompleteReason?: string; error?: { code: string; message: string } } = {},
  ): ResponsesResponse {
    return responseObject(this.req, {
      id: this.responseId,
      createdAt: this.ctx.now,
      status,
      output: status === 'in_progress' ? [] : [...this.output],
      usage: this.usage,
      ...extra,
    });
  }

  private emit(type: string, fields: Record<string, unknown>): string {
    return sseJson({ type, sequence_number: this.seq++, ...fields }, type);
  }

  private openItem<T extends { kind: OpenItem['kind'] }>(item: T): T & { itemId: string; index: number } {
    const custom = (item as { custom?: boolean }).custom === true;
    const prefix =
      item.kind === 'message' ? 'msg_' : item.kind === 'reasoning' ? 'rs_' : custom ? 'ctc_' : 'fc_';
    const full = extend(item, { itemId: this.ctx.newId(prefix), index: this.output.length }) as T & {
      itemId: string;
      index: number;
    };
    this.open = full as unknown as OpenItem;
    return full;
  }

  private current<K extends OpenItem['kind']>(
    kind: K,
    irId: string,
  ): Extract<OpenItem, { kind: K }> | undefined {
    const item = this.open;
    return item && item.kind === kind && item.irId === irId
      ? (item as Extract<OpenItem, { kind: K }>)
      : undefined;
  }

  private contentPart(refusal: boolean, text: string) {
    return refusal ? { type: 'refusal', refusal: text } : { type: 'output_text', text, annotations: [] };
  }

  /** Emits the closing sub-events and `output_item.done` for the open item, if any. */
  private closeOpen(): string {
    const item = this.open;
    if (!item) return '';
    this.open = undefined;
    let out = '';
    let done: OutputItem;
    if (item.kind === 'message') {
      out += item.refusal
        ? this.emit('response.refusal.done', {
            item_id: item.itemId,
            output_index: item.index,
            content_index: 0,
            refusal: item.text,
          })
        : this.emit('response.output_text.done', {
            item_id: item.itemId,
            output_index: item.index,
            content_index: 0,
            text: item.text,
            logprobs: [],
          });
      const part = this.contentPart(item.refusal, item.text);
      out += this.emit('response.content_part.done', {
        item_id: item.itemId,
        output_index: item.index,
        content_index: 0,
        part,
      });
      done = {
        id: item.itemId,
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [part as never],
      };
    } else if (item.kind === 'reasoning') {
      if (item.partOpen) {
        out += this.emit('response.reasoning_summary_text.done', {
          item_id: item.itemId,
          output_index: item.index,
          summary_index: 0,
          text: item.text,
        });
        out += this.emit('response.reasoning_summary_part.done', {
          item_id: item.itemId,
          output_index: item.index,
          summary_index: 0,
          part: { type: 'summary_text', text: item.text },
        });
      }
      const reasoning: OutputItem = {
        id: item.itemId,
        type: 'reasoning',
        summary: item.partOpen ? [{ type: 'summary_text', text: item.text }] : [],
      };
      const encrypted = this.includeEncrypted ? encryptedContentFor(item) : undefined;
      if (encrypted !== undefined) reasoning.encrypted_content = encrypted;
      done = reasoning;
    } else {
      done = toolCallItem(item.itemId, {
        type: 'tool-call',
        callId: item.callId,
        name: item.name,
        kind: item.custom ? 'custom' : 'function',
        arguments: item.args,
      });
      out += item.custom
        ? this.emit('response.custom_tool_call_input.done', {
            item_id: item.itemId,
            output_index: item.index,
            input: item.args,
          })
        : this.emit('response.function_call_arguments.done', {
            item_id: item.itemId,
            output_index: item.index,
            name: item.name,
            arguments: (done as { arguments: string }).arguments,
          });
    }
    this.output.push(done);
    out += this.emit('response.output_item.done', { output_index: item.index, item: done });
    return out;
  }

  private terminal(reason: IRFinishReason): string {
    this.terminated = true;
    const t = finishReasonToStatus(reason);
    if (t.status === 'failed') {
      const error = { code: 'server_error', message: 'The model failed to answer.' };
      return this.emit('response.failed', { response: this.snapshot('failed', { error }) });
    }
    const type = t.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    const response = this.snapshot(t.status, { incompleteReason: t.incompleteReason });
    // Copilot's billing block: on the response object (the SDK's finalResponse(), as in a
    // non-stream answer) and beside it, where Copilot's own stream carries it.
    if (response.copilot_usage === undefined) return this.emit(type, { response });
    return this.emit(type, { response, copilot_usage: response.copilot_usage });
  }
}
