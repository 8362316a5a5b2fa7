// Copilot `/v1/messages` response body → IR response (egress). Copilot extras (msg_bdrk_ ids,
// `context_management`, `copilot_usage`) are accepted; server-tool blocks are skipped with a warning.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../ir/codec.js';
import { str } from '../ir/fields.js';
import { isJsonObject as isObj } from '../ir/json.js';
import type { IRResponse } from '../ir/types.js';
import { finishReasonFromAnthropic } from './map-finish-reason.js';
import { completeUsage, usageFromAnthropic } from './map-usage.js';

export function decodeAnthropicResponse(body: unknown, ctx: CodecContext): IRResponse {
  if (!isObj(body) || !Array.isArray(body.content)) {
    throw new GatewayError('upstream', 'Copilot returned a /v1/messages body without a content list');
  }
  const parts: IRResponse['parts'] = [];
  body.content.forEach((b, i) => {
    if (!isObj(b)) return;
    if (b.type === 'text' && typeof b.text === 'string') {
      const part: IRResponse['parts'][number] = { type: 'text', text: b.text };
      if (b.citations !== undefined && b.citations !== null)
        part.meta = { anthropic: { citations: b.citations } };
      parts.push(part);
    } else if (b.type === 'thinking' && typeof b.thinking === 'string') {
      const part: IRResponse['parts'][number] = { type: 'reasoning', text: b.thinking };
      if (typeof b.signature === 'string' && b.signature) part.signature = b.signature;
      parts.push(part);
    } else if (b.type === 'redacted_thinking' && typeof b.data === 'string') {
      parts.push({ type: 'reasoning', text: '', redactedData: b.data });
    } else if (b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') {
      parts.push({
        type: 'tool-call',
        callId: b.id,
        name: b.name,
        arguments: JSON.stringify(isObj(b.input) ? b.input : {}),
        kind: 'function',
      });
    } else {
      ctx.warnings.push({
        code: 'dropped-content',
        message: `response content.${i}: block type ${String(b.type)} skipped`,
      });
    }
  });

  const res: IRResponse = {
    id: typeof body.id === 'string' ? body.id : ctx.newId('msg_'),
    model: str(body.model),
    created: ctx.now,
    parts,
    finishReason: finishReasonFromAnthropic(body.stop_reason as string | null),
  };
  if (typeof body.stop_sequence === 'string') res.stopSequence = body.stop_sequence;
  if (isObj(body.usage)) {
    const usage = completeUsage(usageFromAnthropic(body.usage));
    if (body.copilot_usage !== undefined) usage.copilotUsage = body.copilot_usage;
    res.usage = usage;
  }
  if (body.context_management !== undefined)
    res.meta = { anthropic: { context_management: body.context_management } };
  return res;
}
