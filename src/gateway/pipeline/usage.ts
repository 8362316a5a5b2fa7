// Usage read off a passthrough answer, normalised through the codecs' own map-usage, so the
// outcome counts tokens the same way whatever protocol carried them. Non-stream bodies are not
// parsed for it: only the `usage` and `copilot_usage` members are cut out and parsed.
import { completeUsage, usageFromAnthropic } from '../../protocols/anthropic/map-usage.js';
import type { IRUsage } from '../../protocols/ir/types.js';
import { chatUsageToIR } from '../../protocols/openai-chat/map-usage.js';
import { usageFromResponses } from '../../protocols/openai-responses/map-usage.js';

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

/**
 * The usage members of a non-stream JSON body, without parsing (or walking) the rest of it: the
 * last `"usage":` / `"copilot_usage":` key is found with a byte search (inside a JSON string the
 * quotes would be escaped, so a match is always a key; Copilot writes usage after the content)
 * and only its value is parsed.
 */
export function usageOfBody(protocol: NativeProtocol, raw: Buffer): Partial<IRUsage> | undefined {
  return usageFromWire(protocol, member(raw, USAGE), member(raw, COPILOT_USAGE));
}

const USAGE = Buffer.from('"usage"');
const COPILOT_USAGE = Buffer.from('"copilot_usage"');

function member(raw: Buffer, key: Buffer): unknown {
  const at = raw.lastIndexOf(key);
  if (at === -1) return undefined;
  let i = at + key.length;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09)) i++;
  if (raw[i] !== 0x3a) return undefined; // not followed by ':' : not a key
  i++;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09)) i++;
  if (raw[i] !== 0x7b) return undefined; // usage blocks are objects
  const end = objectEnd(raw, i);
  if (end === -1) return undefined;
  try {
    return JSON.parse(raw.toString('utf8', i, end));
  } catch {
    return undefined;
  }
}

/** The index after the object that opens at `start` (strings skipped), or -1. */
function objectEnd(raw: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < raw.length; i++) {
    const c = raw[i];
    if (c === 0x22) {
      for (i++; i < raw.length && raw[i] !== 0x22; i++) if (raw[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
