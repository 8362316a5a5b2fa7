// Ingress streaming: IR events → `chat.completion.chunk` SSE frames. One state object tracks the
// ordinal of each tool call (Chat's `index` counts calls only, pitfall 6), which calls completed
// (for the finish-reason policy), the last usage, and whether the stream is closed.

import type { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, StreamEncoder } from '../ir/codec.js';
import type { IRRequest, IRStreamEvent, IRToolKind, IRUsage } from '../ir/types.js';
import { SSE_DONE, sseComment, sseJson } from '../sse/write.js';
import { chatCompletionId } from './encode-response.js';
import { chatErrorObject } from './errors.js';
import { deriveFinishReason, irFinishToChat } from './map-finish-reason.js';
import { irUsageToChat } from './map-usage.js';
import type { ChatCompletionChunk, ChatDelta, ChatFinishReason } from './wire-types.js';

interface ToolState {
  index: number;
  kind: IRToolKind;
  complete: boolean;
}

export class ChatStreamEncoder implements StreamEncoder {
  private id: string;
  private created: number;
  private started = false;
  private closed = false;
  private readonly tools = new Map<string, ToolState>();
  /** Reasoning blocks whose signature was already sent (signature events and end both carry it). */
  private readonly signed = new Set<string>();
  private usage: Partial<IRUsage> | undefined;

  constructor(
    private readonly req: IRRequest,
    ctx: CodecContext,
  ) {
    this.id = ctx.newId('chatcmpl-');
    this.created = ctx.now;
  }

  push(ev: IRStreamEvent): string {
    if (this.closed) return '';
    switch (ev.type) {
      case 'start':
        if (this.started) return '';
        this.id = chatCompletionId(ev.id);
        this.created = ev.created;
        return this.roleChunk();
      case 'text-delta':
        return ev.delta ? this.open() + this.chunk({ content: ev.delta }) : '';
      case 'reasoning-delta':
        return ev.delta ? this.open() + this.chunk({ reasoning_content: ev.delta }) : '';
      case 'reasoning-signature':
      case 'reasoning-end':
        if (!ev.signature || this.signed.has(ev.id)) return '';
        this.signed.add(ev.id);
        return this.open() + this.chunk({ reasoning_opaque: ev.signature });
      case 'tool-call-start': {
        const state: ToolState = { index: this.tools.size, kind: ev.kind, complete: false };
        this.tools.set(ev.id, state);
        const call =
          ev.kind === 'custom'
            ? {
                index: state.index,
                id: ev.callId,
                type: 'custom' as const,
                custom: { name: ev.name, input: '' },
              }
            : {
                index: state.index,
                id: ev.callId,
                type: 'function' as const,
                function: { name: ev.name, arguments: '' },
              };
        return this.open() + this.chunk({ tool_calls: [call] });
      }
      case 'tool-call-delta': {
        const state = this.tools.get(ev.id);
        if (!state || !ev.delta) return '';
        const call =
          state.kind === 'custom'
            ? { index: state.index, custom: { input: ev.delta } }
            : { index: state.index, function: { arguments: ev.delta } };
        return this.open() + this.chunk({ tool_calls: [call] });
      }
      case 'tool-call-end': {
        const state = this.tools.get(ev.id);
        if (state) state.complete = true;
        return '';
      }
      case 'usage':
        this.usage = extend(this.usage ?? {}, ev.usage);
        return '';
      case 'finish':
        return this.finish(ev.reason, ev.usage ?? this.usage);
      case 'error':
        return this.error(ev.error);
      default:
        // text-start/-end and reasoning-start carry nothing Chat can show.
        return '';
    }
  }

  end(): string {
    if (this.closed) return '';
    // The pipeline always sends finish or error; a bare end still closes the stream properly.
    return this.finish('stop', this.usage);
  }

  heartbeat(): string {
    return this.closed ? '' : sseComment();
  }

  /** `data: {"error":{…}}` and no `[DONE]`: the openai SDK throws on that frame. */
  error(err: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return sseJson({ error: chatErrorObject(err) });
  }

  private finish(
    reason: Parameters<typeof deriveFinishReason>[0],
    usage: Partial<IRUsage> | undefined,
  ): string {
    const complete = [...this.tools.values()].some((t) => t.complete);
    const finishReason: ChatFinishReason = irFinishToChat(deriveFinishReason(reason, complete));
    let out = this.open() + this.chunk({}, finishReason);
    if (this.req.streamIncludeUsage) {
      const chunk: Record<string, unknown> = {
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.req.model,
        choices: [],
        usage: irUsageToChat(usage ?? {}),
      };
      if (usage?.copilotUsage !== undefined) chunk.copilot_usage = usage.copilotUsage;
      out += sseJson(chunk);
    } else if (usage?.copilotUsage !== undefined) {
      // Copilot sends its billing block in a chunk of its own whether or not usage was asked for.
      out += sseJson({
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.req.model,
        choices: [],
        copilot_usage: usage.copilotUsage,
      });
    }
    this.closed = true;
    return out + SSE_DONE;
  }

  /** The role chunk, sent once before anything else (openai-node throws `missing role` without). */
  private open(): string {
    return this.started ? '' : this.roleChunk();
  }

  private roleChunk(): string {
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private chunk(delta: ChatDelta, finishReason: ChatFinishReason | null = null): string {
    const chunk: ChatCompletionChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.req.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
    return sseJson(chunk);
  }
}
