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
  return usageFromWire(protocol, member(raw, USAGE), billingOf(raw));
}

/** Copilot's own cost: `total_nano_aiu` of a `copilot_usage` block (kept verbatim in the IR usage). */
export function reportedNanoAiu(copilotUsage: unknown): number | undefined {
  if (typeof copilotUsage !== 'object' || copilotUsage === null) return undefined;
  const total = (copilotUsage as { total_nano_aiu?: unknown }).total_nano_aiu;
  return typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : undefined;
}

const USAGE = Buffer.from('"usage"');
const COPILOT_USAGE = Buffer.from('"copilot_usage"');
const TOTAL_NANO_AIU = Buffer.from('"total_nano_aiu"');

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the value of the key at `at` starts (after `:` and blanks), or -1 when it is not a key. */
function valueStart(raw: Buffer, at: number, keyLength: number): number {
  let i = at + keyLength;
  while (i < raw.length && isSpace(raw[i])) i++;
  if (raw[i] !== 0x3a) return -1; // not followed by ':' : not a key
  i++;
  while (i < raw.length && isSpace(raw[i])) i++;
  return i;
}

/** [start, end) of the object value of the last `key`, or undefined. */
function memberSpan(raw: Buffer, key: Buffer): [number, number] | undefined {
  const at = raw.lastIndexOf(key);
  if (at === -1) return undefined;
  const i = valueStart(raw, at, key.length);
  if (i === -1 || raw[i] !== 0x7b) return undefined; // usage blocks are objects
  const end = objectEnd(raw, i);
  return end === -1 ? undefined : [i, end];
}

function member(raw: Buffer, key: Buffer): unknown {
  const span = memberSpan(raw, key);
  if (!span) return undefined;
  try {
    return JSON.parse(raw.toString('utf8', span[0], span[1]));
  } catch {
    return undefined;
  }
}

/**
 * Copilot's billing block of a non-stream body, reduced to what the outcome reads (its
 * `total_nano_aiu`): the block's token_details are not parsed (the client has the bytes as they
 * came). Undefined without a block; `{}` when the block names no total.
 */
function billingOf(raw: Buffer): { total_nano_aiu?: number } | undefined {
  const span = memberSpan(raw, COPILOT_USAGE);
  if (!span) return undefined;
  const at = raw.indexOf(TOTAL_NANO_AIU, span[0]);
  if (at === -1 || at >= span[1]) return {};
  const i = valueStart(raw, at, TOTAL_NANO_AIU.length);
  if (i === -1) return {};
  let j = i;
  while (
    j < span[1] &&
    ((raw[j] >= 0x30 && raw[j] <= 0x39) ||
      raw[j] === 0x2e ||
      raw[j] === 0x65 ||
      raw[j] === 0x2b ||
      raw[j] === 0x2d)
  )
    j++;
  const total = Number(raw.toString('latin1', i, j));
  return j > i && Number.isFinite(total) ? { total_nano_aiu: total } : {};
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
