// Egress: a Copilot `/responses` body → IR response. Copilot's ids are long opaque strings;
// they are kept as they are. Items the IR cannot hold (hosted tool calls) become warnings.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../ir/codec.js';
import { isJsonObject as isObj, str } from '../ir/fields.js';
import type { IRReasoningPart, IRResponse } from '../ir/types.js';
import { errorFromFailure } from './errors.js';
import { statusToFinishReason } from './map-finish-reason.js';
import { usageFromResponses } from './map-usage.js';

type Obj = Record<string, unknown>;

export function summaryTexts(item: Obj): string[] {
  return Array.isArray(item.summary) ? item.summary.filter(isObj).map((s) => str(s.text)) : [];
}

/** A Responses reasoning item → IR reasoning part (raw reasoning text wins over the summary). */
export function reasoningPartFromItem(item: Obj): IRReasoningPart {
  const summary = summaryTexts(item);
  const raw = Array.isArray(item.content)
    ? item.content
        .filter(isObj)
        .map((c) => str(c.text))
        .join('')
    : '';
  const part: IRReasoningPart = { type: 'reasoning', text: raw || summary.join('\n\n') };
  if (summary.length > 0) part.summary = summary;
  if (typeof item.encrypted_content === 'string' && item.encrypted_content) {
    part.encryptedContent = item.encrypted_content;
  }
  return part;
}

/** Function arguments must be JSON text; a few upstreams send an object. */
export const argumentsText = (v: unknown): string =>
  typeof v === 'string' ? v : isObj(v) ? JSON.stringify(v) : '';

export function decodeResponse(body: unknown, ctx: CodecContext): IRResponse {
  if (!isObj(body) || !Array.isArray(body.output)) {
    throw new GatewayError('upstream', 'Copilot /responses returned a body without an output array.');
  }
  if (body.status === 'failed') {
    const err = isObj(body.error) ? body.error : {};
    throw errorFromFailure(str(err.code) || undefined, str(err.message) || undefined);
  }
  const parts: IRResponse['parts'] = [];
  for (const item of body.output) {
    if (!isObj(item)) continue;
    switch (item.type) {
      case 'reasoning':
        parts.push(reasoningPartFromItem(item));
        break;
      case 'message':
        for (const c of Array.isArray(item.content) ? item.content.filter(isObj) : []) {
          if (c.type === 'output_text') parts.push({ type: 'text', text: str(c.text) });
          else if (c.type === 'refusal') {
            parts.push({
              type: 'text',
              text: str(c.refusal),
              meta: { 'openai-responses': { refusal: true } },
            });
          }
        }
        break;
      case 'function_call':
        parts.push({
          type: 'tool-call',
          callId: str(item.call_id),
          name: str(item.name),
          arguments: argumentsText(item.arguments) || '{}',
          kind: 'function',
        });
        break;
      case 'custom_tool_call':
        parts.push({
          type: 'tool-call',
          callId: str(item.call_id),
          name: str(item.name),
          arguments: str(item.input),
          kind: 'custom',
        });
        break;
      default:
        ctx.warnings.push({
          code: 'dropped-content',
          message: `Copilot returned a '${String(item.type)}' output item, which cannot be translated; dropped.`,
        });
    }
  }
  const incomplete = isObj(body.incomplete_details) ? body.incomplete_details.reason : undefined;
  const res: IRResponse = {
    id: str(body.id) || ctx.newId('resp_'),
    model: str(body.model),
    created: typeof body.created_at === 'number' ? body.created_at : ctx.now,
    parts,
    finishReason: statusToFinishReason(
      body.status,
      incomplete,
      parts.some((p) => p.type === 'tool-call'),
    ),
  };
  const usage = usageFromResponses(body.usage, body.copilot_usage);
  if (usage) res.usage = usage;
  return res;
}
