// IR response → Anthropic `message` object (ingress, non-streaming).
import type { CodecContext } from '../ir/codec.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { signatureFor } from './foreign-reasoning.js';
import { finishReasonToAnthropic } from './map-finish-reason.js';
import { usageToAnthropic } from './map-usage.js';
import { toolId, toolInput } from './tool-input.js';
import type { AnthropicMessage, AnthropicResponseBlock } from './wire-types.js';

export function messageId(id: string, ctx: CodecContext): string {
  return id.startsWith('msg_') ? id : ctx.newId('msg_');
}

export function encodeAnthropicResponse(
  res: IRResponse,
  req: IRRequest,
  ctx: CodecContext,
): AnthropicMessage {
  const content: AnthropicResponseBlock[] = [];
  for (const p of res.parts) {
    if (p.type === 'text') {
      if (p.text === '') continue;
      const block: AnthropicResponseBlock = { type: 'text', text: p.text };
      const citations = p.meta?.anthropic?.citations;
      if (citations !== undefined) block.citations = citations;
      content.push(block);
    } else if (p.type === 'reasoning') {
      if (p.redactedData) content.push({ type: 'redacted_thinking', data: p.redactedData });
      else {
        const signature = signatureFor(p);
        if (p.text !== '' || signature)
          content.push({ type: 'thinking', thinking: p.text, signature: signature ?? '' });
      }
    } else {
      content.push({ type: 'tool_use', id: toolId(p.callId), name: p.name, input: toolInput(p) });
    }
  }
  // A client loop keys on stop_reason "tool_use"; derive it from the calls actually present.
  let reason = finishReasonToAnthropic(res.finishReason);
  const hasCalls = content.some((b) => b.type === 'tool_use');
  if (reason === 'end_turn' && hasCalls) reason = 'tool_use';
  else if (reason === 'tool_use' && !hasCalls) reason = 'end_turn';
  const message: AnthropicMessage = {
    id: messageId(res.id, ctx),
    type: 'message',
    role: 'assistant',
    model: req.model,
    content,
    stop_reason: reason,
    stop_sequence: reason === 'stop_sequence' ? (res.stopSequence ?? null) : null,
    usage: usageToAnthropic(res.usage),
  };
  // Copilot's billing block at the top level, as Copilot's own /v1/messages answer has it.
  if (res.usage?.copilotUsage !== undefined) message.copilot_usage = res.usage.copilotUsage;
  return message;
}
