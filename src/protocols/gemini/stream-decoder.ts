// Gemini streamGenerateContent SSE → IR stream events (egress). Gemini has no terminal frame:
// the last chunk carries `finishReason` and the stream closes, and usage may still follow in a
// later chunk, so `finish` is emitted in end(). A stream that closes without any finishReason was
// cut and ends in an `error` event instead.
//
// State machine: at most one open block (text or reasoning); a part of another kind closes it.
// Function calls arrive whole and become a complete start/delta/end block at once.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext, SSEMessage, StreamDecoder } from '../ir/codec.js';
import type { IRMeta, IRStreamEvent, IRUsage } from '../ir/types.js';
import { geminiMeta } from './decode-parts.js';
import { decodeGeminiError } from './errors.js';
import { fromGeminiFinishReason } from './map-finish-reason.js';
import { fromGeminiUsage } from './map-usage.js';
import { isObject, normalizePart } from './normalize.js';
import { decodeEnvelope, SKIP_THOUGHT_SIGNATURE, type ThoughtEnvelope } from './thought-signature.js';
import type { GeminiPart, GeminiResponse } from './wire-types.js';

interface OpenBlock {
  kind: 'text' | 'reasoning';
  id: string;
  signature?: string;
  encryptedContent?: string;
  meta?: IRMeta;
  /** Reasoning text seen so far (an envelope's text only fills an empty block). */
  hasText: boolean;
}

export class GeminiStreamDecoder implements StreamDecoder {
  private started = false;
  private terminated = false;
  private block: OpenBlock | undefined;
  private blockCount = 0;
  private sawToolCall = false;
  private finishReason: string | undefined;
  private blocked = false;
  private usage: IRUsage | undefined;

  constructor(private readonly ctx: CodecContext) {}

  push(message: SSEMessage): IRStreamEvent[] {
    if (this.terminated) return [];
    const data = message.data.trim();
    if (data === '' || data === '[DONE]') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return this.fail(
        new GatewayError(
          'upstream',
          `The Gemini upstream sent an unparseable stream chunk: ${data.slice(0, 200)}`,
        ),
      );
    }
    if (!isObject(chunk)) return [];
    if (isObject(chunk.error)) {
      const code = typeof chunk.error.code === 'number' ? chunk.error.code : 500;
      return this.fail(decodeGeminiError(code, chunk, {}));
    }
    const res = chunk as GeminiResponse;
    const out: IRStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({
        type: 'start',
        id: res.responseId || this.ctx.newId('resp_'),
        model: res.modelVersion ?? '',
        created: this.ctx.now,
      });
    }
    const candidate = res.candidates?.[0];
    const parts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
    for (const raw of parts) {
      let part: GeminiPart;
      try {
        part = normalizePart(raw, 'part');
      } catch (err) {
        return [
          ...out,
          ...this.fail(
            new GatewayError(
              'upstream',
              `The Gemini upstream sent a malformed part: ${(err as Error).message}`,
            ),
          ),
        ];
      }
      this.decodePart(part, out);
    }
    if (res.usageMetadata) {
      this.usage = fromGeminiUsage(res.usageMetadata);
      out.push({ type: 'usage', usage: this.usage });
    }
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
    if (!candidate && res.promptFeedback?.blockReason) this.blocked = true;
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.terminated) return [];
    this.terminated = true;
    const out: IRStreamEvent[] = [];
    this.closeBlock(out);
    if (this.finishReason === undefined && !this.blocked) {
      out.push({
        type: 'error',
        error: new GatewayError('upstream', 'the Copilot stream ended before completion'),
      });
      return out;
    }
    out.push({
      type: 'finish',
      reason: this.blocked ? 'content-filter' : fromGeminiFinishReason(this.finishReason, this.sawToolCall),
      usage: this.usage ?? { inputTokens: 0, outputTokens: 0 },
    });
    return out;
  }

  private fail(error: GatewayError): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    this.closeBlock(out);
    this.terminated = true;
    out.push({ type: 'error', error });
    return out;
  }

  private nextId(): string {
    return `gem_${this.blockCount++}`;
  }

  private decodePart(part: GeminiPart, out: IRStreamEvent[]): void {
    const sig = part.thoughtSignature;
    const env = sig ? decodeEnvelope(sig) : undefined;

    if (part.text !== undefined && part.thought) {
      const b = this.open('reasoning', out);
      if (part.text !== '') {
        out.push({ type: 'reasoning-delta', id: b.id, delta: part.text });
        b.hasText = true;
      }
      if (env) this.applyEnvelope(b, env, out);
      else if (sig) {
        if (sig !== SKIP_THOUGHT_SIGNATURE) b.signature = sig;
        b.meta = geminiMeta(sig);
      }
      return;
    }

    if (env) {
      const b = this.block;
      if (b?.kind === 'reasoning' && b.signature === undefined && b.encryptedContent === undefined) {
        this.applyEnvelope(b, env, out);
      } else {
        this.closeBlock(out);
        const r = this.openReasoning(out, env.redactedData);
        this.applyEnvelope(r, env, out);
      }
      this.closeBlock(out);
    }
    const rawSig = sig && !env ? sig : undefined;

    if (part.functionCall) {
      this.closeBlock(out);
      const id = this.nextId();
      this.sawToolCall = true;
      out.push({
        type: 'tool-call-start',
        id,
        callId: part.functionCall.id || this.ctx.newId('call_'),
        name: part.functionCall.name,
        kind: 'function',
        ...(rawSig ? { meta: geminiMeta(rawSig) } : {}),
      });
      out.push({ type: 'tool-call-delta', id, delta: JSON.stringify(part.functionCall.args ?? {}) });
      out.push({ type: 'tool-call-end', id });
      return;
    }
    if (part.text !== undefined) {
      if (part.text === '' && !rawSig) return;
      const b = this.open('text', out);
      if (part.text !== '') out.push({ type: 'text-delta', id: b.id, delta: part.text });
      if (rawSig) b.meta = geminiMeta(rawSig);
      return;
    }
    if (part.inlineData || part.fileData) {
      this.ctx.warnings.push({
        code: 'dropped-content',
        message: 'A media part in the Gemini stream was dropped',
      });
    }
  }

  private applyEnvelope(b: OpenBlock, env: ThoughtEnvelope, out: IRStreamEvent[]): void {
    if (!b.hasText && env.text) {
      out.push({ type: 'reasoning-delta', id: b.id, delta: env.text });
      b.hasText = true;
    }
    if (env.signature !== undefined) b.signature = env.signature;
    if (env.encryptedContent !== undefined) b.encryptedContent = env.encryptedContent;
  }

  private open(kind: 'text' | 'reasoning', out: IRStreamEvent[]): OpenBlock {
    if (this.block?.kind === kind) return this.block;
    this.closeBlock(out);
    if (kind === 'reasoning') return this.openReasoning(out);
    const b: OpenBlock = { kind, id: this.nextId(), hasText: false };
    out.push({ type: 'text-start', id: b.id });
    this.block = b;
    return b;
  }

  private openReasoning(out: IRStreamEvent[], redactedData?: string): OpenBlock {
    const b: OpenBlock = { kind: 'reasoning', id: this.nextId(), hasText: false };
    out.push({ type: 'reasoning-start', id: b.id, ...(redactedData !== undefined ? { redactedData } : {}) });
    this.block = b;
    return b;
  }

  private closeBlock(out: IRStreamEvent[]): void {
    const b = this.block;
    if (!b) return;
    this.block = undefined;
    if (b.kind === 'text') {
      out.push({ type: 'text-end', id: b.id, ...(b.meta ? { meta: b.meta } : {}) });
      return;
    }
    out.push({
      type: 'reasoning-end',
      id: b.id,
      ...(b.signature !== undefined ? { signature: b.signature } : {}),
      ...(b.encryptedContent !== undefined ? { encryptedContent: b.encryptedContent } : {}),
      ...(b.meta ? { meta: b.meta } : {}),
    });
  }
}
