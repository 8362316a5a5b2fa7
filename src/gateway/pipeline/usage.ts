// Usage read off a passthrough answer, normalised through the codecs' own map-usage, so the
// outcome counts tokens the same way whatever protocol carried them. Non-stream bodies are not
// parsed for it: only the `usage` and `copilot_usage` members are cut out and parsed.
import { completeUsage, usageFromAnthropic } from '../../protocols/anthropic/map-usage.js';
import type { IRUsage } from '../../protocols/ir/types.js';
import { chatUsageToIR } from '../../protocols/openai-chat/map-usage.js';
import { usageFromResponses } from '../../protocols/openai-responses/map-usage.js';
import { findTopLevelValue } from '../passthrough/patch-json.js';

export type NativeProtocol = 'openai-chat' | 'anthropic' | 'openai-responses';

/** Wire usage of a native protocol (and Copilot's billing block) → IR usage. */
export function usageFromWire(
  protocol: NativeProtocol,
  usage: unknown,
  copilotUsage?: unknown,
): Partial<IRUsage> | undefined {
  if (protocol === 'openai-chat') return chatUsageToIR(usage, copilotUsage);
  if (protocol === 'openai-responses') return usageFromResponses(usage, copilotUsage);
  if (!usage || typeof usage !== 'object') return undefined;
  const ir = completeUsage(usageFromAnthropic(usage as Record<string, unknown>));
  if (copilotUsage !== undefined && copilotUsage !== null) ir.copilotUsage = copilotUsage;
  return ir;
}

/** The usage members of a non-stream JSON body, without parsing the rest of it. */
export function usageOfBody(protocol: NativeProtocol, raw: Buffer): Partial<IRUsage> | undefined {
  // Responses bodies are the response object itself: usage is top-level there too.
  return usageFromWire(protocol, member(raw, 'usage'), member(raw, 'copilot_usage'));
}

function member(raw: Buffer, key: string): unknown {
  if (raw.indexOf(`"${key}"`) === -1) return undefined;
  const span = findTopLevelValue(raw, key);
  if (!span) return undefined;
  try {
    return JSON.parse(raw.subarray(span[0], span[1]).toString('utf8'));
  } catch {
    return undefined;
  }
}
