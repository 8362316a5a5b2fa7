// Ingress: IR response → a standard `chat.completion` for the client. Reasoning is served as
// `reasoning_content` (the most widely read spelling) and, when the upstream signed it, also as
// `reasoning_opaque` so Copilot-style clients can echo the signature on the next turn.
import type { CodecContext } from '../ir/codec.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { deriveFinishReason, irFinishToChat } from './map-finish-reason.js';
import { irUsageToChat } from './map-usage.js';
import type { ChatCompletion, ChatResponseMessage, ChatToolCall } from './wire-types.js';

/** Chat ids look like `chatcmpl-…`; an upstream id of another shape is prefixed, not replaced. */
export function chatCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

export function encodeChatResponse(res: IRResponse, req: IRRequest, _ctx: CodecContext): ChatCompletion {
  const texts: string[] = [];
  const refusals: string[] = [];
  const reasoning: string[] = [];
  let signature: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const part of res.parts) {
    if (part.type === 'text') {
      if (part.meta?.['openai-chat']?.refusal === true) refusals.push(part.text);
      else texts.push(part.text);
    } else if (part.type === 'reasoning') {
      if (part.text) reasoning.push(part.text);
      if (part.signature) signature = part.signature;
    } else if (part.kind === 'custom') {
      toolCalls.push({ id: part.callId, type: 'custom', custom: { name: part.name, input: part.arguments } });
    } else {
      toolCalls.push({
        id: part.callId,
        type: 'function',
        function: { name: part.name, arguments: part.arguments },
      });
    }
  }
  const message: ChatResponseMessage = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : null,
  };
  if (refusals.length > 0) message.refusal = refusals.join('');
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  if (signature) message.reasoning_opaque = signature;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (message.content === null && toolCalls.length === 0 && refusals.length === 0) message.content = '';

  const out: ChatCompletion = {
    id: chatCompletionId(res.id),
    object: 'chat.completion',
    created: res.created,
    model: req.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: irFinishToChat(deriveFinishReason(res.finishReason, toolCalls.length > 0)),
      },
    ],
  };
  if (res.usage) {
    out.usage = irUsageToChat(res.usage);
    if (res.usage.copilotUsage !== undefined) out.copilot_usage = res.usage.copilotUsage;
  }
  return out;
}
