// IR stream events → Gemini streamGenerateContent wire text (ingress). Two framings:
// - `sse` (`?alt=sse`, what @google/genai and Gemini CLI use): `data: <json>\r\n\r\n` per chunk,
//   no [DONE]; the end of the stream is the connection closing.
// - `json-array` (no `alt`): one JSON array streamed incrementally: `[` with the first element,
//   `,\r\n` between elements, `]` at the end.
//
// Heartbeats: Gemini CLI bundles an older @google/genai whose SSE reader matches
// /^\s*data: (.*)(?:\n\n|\r\r|\r\n\r\n)/ against the head of its buffer, so an SSE comment
// (`: ping`) would wedge that reader forever. Leading whitespace is skipped by both that regex and
// the newer delimiter-based reader (2.x splits on blank lines and ignores non-`data:` events), so
// the keep-alive is a bare CRLF: an empty line to SSE parsers, insignificant whitespace in JSON.
// For the same regex, U+2028/U+2029 (line terminators to `.`) are escaped in every chunk.
//
// Mid-stream errors in sse mode are a proper SSE event, `data: {"error":{code,message,status}}`
// and a blank line, as Google's API sends them: generic SSE clients and @google/genai 2.x (which
// checks every `data:` payload for an `error` object) see the failure. Gemini CLI bundles an older
// @google/genai that only recognises an error when a raw network chunk parses as bare JSON, so
// the same object follows once more, bare and without a delimiter: that reader fails on it (as an
// ApiError when it arrives as its own chunk, else with "Incomplete JSON segment at the end")
// instead of ending quietly, and SSE parsers ignore the unterminated trailing line. In json-array
// mode the error is the last array element, keeping the body valid JSON.

import { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext, StreamEncoder } from '../ir/codec.js';
import type { IRFinishReason, IRMeta, IRRequest, IRStreamEvent, IRUsage } from '../ir/types.js';
import { nativeSignature, parseArguments, reasoningEnvelope } from './encode-parts.js';
import { geminiErrorBody } from './errors.js';
import { toGeminiFinishReason } from './map-finish-reason.js';
import { toGeminiUsage, withEstimatedThoughts } from './map-usage.js';
import type { GeminiPart, GeminiResponse } from './wire-types.js';

export type GeminiStreamMode = 'sse' | 'json-array';

export interface GeminiStreamEncoderOptions {
  mode: GeminiStreamMode;
}

interface OpenReasoning {
  text: string;
  signature?: string;
  redactedData?: string;
  encryptedContent?: string;
}

interface OpenToolCall {
  callId: string;
  name: string;
  args: string;
  kind: 'function' | 'custom';
  meta?: IRMeta;
}

export function toWireJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export class GeminiStreamEncoder implements StreamEncoder {
  private readonly mode: GeminiStreamMode;
  private readonly includeThoughts: boolean;
  private readonly model: string;
  private responseId: string;
  private elements = 0;
  private closed = false;
  private usage: Partial<IRUsage> | undefined;
  /** Reasoning text seen so far, to estimate thoughts when the upstream does not count them. */
  private reasoningChars = 0;
  private reasoning: OpenReasoning | undefined;
  private readonly toolCalls = new Map<string, OpenToolCall>();
  /** A gw1 envelope waiting for the next text/functionCall part to carry it. */
  private pendingEnvelope: string | undefined;

  constructor(
    req: IRRequest,
    private readonly ctx: CodecContext,
    options: GeminiStreamEncoderOptions = { mode: 'sse' },
  ) {
    this.mode = options.mode;
    this.includeThoughts = req.reasoning?.includeThoughts === true;
    this.model = req.model;
    this.responseId = '';
  }

  push(ev: IRStreamEvent): string {
    if (this.closed) return '';
    switch (ev.type) {
      case 'start':
        this.responseId = ev.id;
        if (ev.usage) this.usage = extend(this.usage ?? {}, ev.usage);
        return '';
      case 'text-start':
        return '';
      case 'text-delta':
        return ev.delta === '' ? '' : this.partChunk(this.signed({ text: ev.delta }));
      case 'text-end': {
        // A native Gemini signature on a text block (Gemini 3 signs the last text part).
        const sig = nativeSignature(ev.meta);
        return sig ? this.partChunk({ text: '', thoughtSignature: sig }) : '';
      }
      case 'reasoning-start':
        return this.startReasoning(ev.redactedData);
      case 'reasoning-delta':
        if (!this.reasoning) this.reasoning = { text: '' };
        this.reasoning.text += ev.delta;
        this.reasoningChars += ev.delta.length;
        return this.includeThoughts && ev.delta !== ''
          ? this.partChunk({ text: ev.delta, thought: true })
          : '';
      case 'reasoning-signature':
        if (this.reasoning) {
          if (ev.signature !== undefined) this.reasoning.signature = ev.signature;
          if (ev.encryptedContent !== undefined) this.reasoning.encryptedContent = ev.encryptedContent;
        }
        return '';
      case 'reasoning-end':
        return this.endReasoning(ev);
      case 'tool-call-start':
        // A pending envelope waits for this call's part (emitted whole at tool-call-end).
        this.toolCalls.set(ev.id, {
          callId: ev.callId,
          name: ev.name,
          args: '',
          kind: ev.kind,
          ...(ev.meta ? { meta: ev.meta } : {}),
        });
        return '';
      case 'tool-call-delta': {
        const call = this.toolCalls.get(ev.id);
        if (call) call.args += ev.delta;
        return '';
      }
      case 'tool-call-end': {
        const call = this.toolCalls.get(ev.id);
        if (!call) return '';
        this.toolCalls.delete(ev.id);
        const args = parseArguments({ arguments: call.args, kind: call.kind, name: call.name }, this.ctx);
        const sig = this.pendingEnvelope ?? nativeSignature(ev.meta ?? call.meta);
        this.pendingEnvelope = undefined;
        const part: GeminiPart = { functionCall: { id: call.callId, name: call.name, args } };
        if (sig) part.thoughtSignature = sig;
        return this.partChunk(part);
      }
      case 'usage':
        this.usage = extend(this.usage ?? {}, ev.usage);
        return '';
      case 'finish':
        if (ev.usage) this.usage = ev.usage;
        return this.finish(ev.reason);
      case 'error':
        return this.error(ev.error);
    }
  }

  end(): string {
    if (this.closed) return '';
    // A stream ended without a finish event is cut: say so rather than fake a STOP, which
    // Gemini CLI would accept as a complete (truncated) answer.
    return this.error(new GatewayError('upstream', 'The Copilot stream ended before completion'));
  }

  heartbeat(): string {
    return this.closed ? '' : '\r\n';
  }

  error(err: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    const body = toWireJson(geminiErrorBody(err));
    if (this.mode === 'sse') return `data: ${body}\r\n\r\n${body}`;
    return `${this.elements === 0 ? '[' : ',\r\n'}${body}]`;
  }

  private startReasoning(redactedData?: string): string {
    const flushed = this.flushEnvelope();
    this.reasoning = { text: '', ...(redactedData !== undefined ? { redactedData } : {}) };
    return flushed;
  }

  private endReasoning(ev: Extract<IRStreamEvent, { type: 'reasoning-end' }>): string {
    const r = this.reasoning ?? { text: '' };
    this.reasoning = undefined;
    if (ev.signature !== undefined) r.signature = ev.signature;
    if (ev.encryptedContent !== undefined) r.encryptedContent = ev.encryptedContent;
    const native = nativeSignature(ev.meta);
    if (native !== undefined && (r.signature === undefined || r.signature === native)) {
      return this.includeThoughts
        ? this.partChunk({ text: '', thought: true, thoughtSignature: native })
        : '';
    }
    this.pendingEnvelope = reasoningEnvelope(r);
    return '';
  }

  /** Emits a pending envelope on its own empty text part (nothing followed to carry it). */
  private flushEnvelope(): string {
    if (this.pendingEnvelope === undefined) return '';
    const sig = this.pendingEnvelope;
    this.pendingEnvelope = undefined;
    return this.partChunk({ text: '', thoughtSignature: sig });
  }

  private signed(part: GeminiPart): GeminiPart {
    if (this.pendingEnvelope !== undefined) {
      part.thoughtSignature = this.pendingEnvelope;
      this.pendingEnvelope = undefined;
    }
    return part;
  }

  private finish(reason: IRFinishReason): string {
    const parts: GeminiPart[] = [];
    if (this.pendingEnvelope !== undefined) {
      parts.push({ text: '', thoughtSignature: this.pendingEnvelope });
      this.pendingEnvelope = undefined;
    }
    const chunk = this.chunk(parts, toGeminiFinishReason(reason));
    chunk.usageMetadata = toGeminiUsage(
      withEstimatedThoughts(this.usage ?? { inputTokens: 0, outputTokens: 0 }, this.reasoningChars),
    );
    const text = this.frame(chunk);
    this.closed = true;
    return this.mode === 'json-array' ? `${text}]` : text;
  }

  private chunk(parts: GeminiPart[], finishReason?: string): GeminiResponse {
    const candidate: NonNullable<GeminiResponse['candidates']>[number] = {
      content: { role: 'model', parts },
      index: 0,
    };
    if (finishReason) candidate.finishReason = finishReason;
    const res: GeminiResponse = { candidates: [candidate] };
    if (this.usage) res.usageMetadata = toGeminiUsage(this.usage);
    res.modelVersion = this.model;
    if (this.responseId) res.responseId = this.responseId;
    return res;
  }

  private partChunk(part: GeminiPart): string {
    return this.frame(this.chunk([part]));
  }

  private frame(chunk: GeminiResponse): string {
    const json = toWireJson(chunk);
    if (this.mode === 'sse') return `data: ${json}\r\n\r\n`;
    const sep = this.elements === 0 ? '[' : ',\r\n';
    this.elements += 1;
    return sep + json;
  }
}
