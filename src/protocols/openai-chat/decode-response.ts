// Egress: a Copilot /chat/completions JSON body → IR response. Copilot splits one answer over
// several choices for Claude/Gemini models (text in choices[0], tool calls in choices[1]), so all
// choices are merged. Real bodies may lack `object`/`created`, and newer Claude models have been
// seen answering with an Anthropic-shaped body without `choices`, which is decoded too.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../ir/codec.js';
import { num, optStr as str } from '../ir/fields.js';
import type { IRFinishReason, IRReasoningPart, IRResponse, IRTextPart, IRToolCallPart } from '../ir/types.js';
import { errorFromChatErrorObject } from './errors.js';
import { chatFinishToIR, deriveFinishReason, strongestChatFinish } from './map-finish-reason.js';
import { chatUsageToIR } from './map-usage.js';
import { isObject, type Json } from './validate.js';

export function decodeChatResponse(body: unknown, ctx: CodecContext): IRResponse {
  if (!isObject(body)) {
    throw new GatewayError('upstream', 'Copilot returned a chat completion that is not a JSON object');
  }
  if (isObject(body.error)) throw errorFromChatErrorObject(body.error);
  if (!Array.isArray(body.choices)) {
    if (body.type === 'message' && Array.isArray(body.content)) return decodeAnthropicShaped(body, ctx);
    throw new GatewayError('upstream', 'Copilot returned a chat completion without choices', {
      code: 'invalid_upstream_response',
    });
  }

  const reasoningTexts: string[] = [];
  let signature: string | undefined;
  const texts: IRTextPart[] = [];
  const calls: IRToolCallPart[] = [];
  const reasons: Array<string | null | undefined> = [];
  for (const choice of body.choices) {
    if (!isObject(choice)) continue;
    reasons.push(typeof choice.finish_reason === 'string' ? choice.finish_reason : null);
    const m = isObject(choice.message) ? choice.message : {};
    const reasoning = str(m.reasoning_text) ?? str(m.reasoning_content) ?? str(m.reasoning);
    if (reasoning) reasoningTexts.push(reasoning);
    if (str(m.reasoning_opaque)) signature = str(m.reasoning_opaque);
    if (typeof m.content === 'string' && m.content !== '') texts.push({ type: 'text', text: m.content });
    if (Array.isArray(m.content)) {
      for (const p of m.content)
        if (isObject(p) && typeof p.text === 'string') texts.push({ type: 'text', text: p.text });
    }
    if (str(m.refusal))
      texts.push({ type: 'text', text: m.refusal as string, meta: { 'openai-chat': { refusal: true } } });
    if (Array.isArray(m.tool_calls)) {
      for (const tc of m.tool_calls) {
        const call = decodeToolCall(tc, ctx);
        if (call) calls.push(call);
      }
    }
    if (isObject(m.function_call) && typeof m.function_call.name === 'string') {
      calls.push({
        type: 'tool-call',
        callId: ctx.newId('call_'),
        name: m.function_call.name,
        arguments: str(m.function_call.arguments) || '{}',
        kind: 'function',
      });
    }
  }

  const reported = chatFinishToIR(strongestChatFinish(reasons));
  // On a limit hit mid-call the last call's JSON is cut: report the limit, drop the broken call.
  const complete =
    reported === 'length' ? calls.filter((c) => c.kind !== 'function' || isJson(c.arguments)) : calls;
  const parts: IRResponse['parts'] = [];
  if (reasoningTexts.length > 0 || signature) {
    const r: IRReasoningPart = { type: 'reasoning', text: reasoningTexts.join('') };
    if (signature) r.signature = signature;
    parts.push(r);
  }
  parts.push(...mergeTexts(texts), ...complete);

  const res: IRResponse = {
    id: str(body.id) || ctx.newId('chatcmpl-'),
    model: str(body.model) ?? '',
    created: typeof body.created === 'number' ? body.created : ctx.now,
    parts,
    finishReason: deriveFinishReason(reported, complete.length > 0),
  };
  const usage = chatUsageToIR(body.usage, body.copilot_usage);
  if (usage) res.usage = usage;
  return res;
}

/** Adjacent plain texts from several choices become one part; refusals stay apart. */
function mergeTexts(texts: IRTextPart[]): IRTextPart[] {
  const out: IRTextPart[] = [];
  for (const t of texts) {
    const last = out[out.length - 1];
    if (last && !last.meta && !t.meta) last.text += t.text;
    else out.push({ ...t });
  }
  return out;
}

function decodeToolCall(tc: unknown, ctx: CodecContext): IRToolCallPart | undefined {
  if (!isObject(tc)) return undefined;
  const callId = str(tc.id) || ctx.newId('call_');
  if (tc.type === 'custom' && isObject(tc.custom)) {
    return {
      type: 'tool-call',
      callId,
      name: str(tc.custom.name) ?? '',
      arguments: str(tc.custom.input) ?? '',
      kind: 'custom',
    };
  }
  const fn = isObject(tc.function) ? tc.function : {};
  const part: IRToolCallPart = {
    type: 'tool-call',
    callId,
    name: str(fn.name) ?? '',
    arguments: str(fn.arguments) || '{}',
    kind: 'function',
  };
  if (str(fn.thought_signature)) part.meta = { 'openai-chat': { thoughtSignature: fn.thought_signature } };
  return part;
}

const ANTHROPIC_STOP: Record<string, IRFinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'refusal',
  pause_turn: 'pause',
  model_context_window_exceeded: 'context-length',
};

/** An Anthropic Messages body that arrived on the chat endpoint (litellm#29391). */
function decodeAnthropicShaped(body: Json, ctx: CodecContext): IRResponse {
  const parts: IRResponse['parts'] = [];
  for (const block of body.content as unknown[]) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string')
      parts.push({ type: 'text', text: block.text });
    else if (block.type === 'thinking') {
      const r: IRReasoningPart = { type: 'reasoning', text: str(block.thinking) ?? '' };
      if (str(block.signature)) r.signature = block.signature as string;
      parts.push(r);
    } else if (block.type === 'redacted_thinking') {
      parts.push({ type: 'reasoning', text: '', redactedData: str(block.data) ?? '' });
    } else if (block.type === 'tool_use') {
      parts.push({
        type: 'tool-call',
        callId: str(block.id) || ctx.newId('call_'),
        name: str(block.name) ?? '',
        arguments: JSON.stringify(block.input ?? {}),
        kind: 'function',
      });
    }
  }
  const u = isObject(body.usage) ? body.usage : undefined;
  const res: IRResponse = {
    id: str(body.id) || ctx.newId('chatcmpl-'),
    model: str(body.model) ?? '',
    created: ctx.now,
    parts,
    finishReason: ANTHROPIC_STOP[str(body.stop_reason) ?? ''] ?? 'stop',
  };
  if (str(body.stop_sequence)) res.stopSequence = body.stop_sequence as string;
  if (u) {
    // Anthropic's input_tokens excludes cache reads and writes; the IR counts them in.
    const cacheRead = num(u.cache_read_input_tokens);
    const cacheWrite = num(u.cache_creation_input_tokens);
    res.usage = {
      inputTokens: num(u.input_tokens) + cacheRead + cacheWrite,
      outputTokens: num(u.output_tokens),
    };
    if (cacheRead) res.usage.cachedInputTokens = cacheRead;
    if (cacheWrite) res.usage.cacheWriteTokens = cacheWrite;
    if (body.copilot_usage !== undefined) res.usage.copilotUsage = body.copilot_usage;
  }
  return res;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
