// Tool ids and tool inputs as Anthropic needs them: ids match ^[a-zA-Z0-9_-]+$ (sanitised
// deterministically so a call and its result agree), and `input` is always a JSON object.
import { ANTHROPIC_ID_RULES, sanitizeToolCallId } from '../ir/ids.js';
import { jsonTooDeep } from '../ir/json.js';
import type { IRToolCallPart } from '../ir/types.js';

export function toolId(callId: string): string {
  return sanitizeToolCallId(callId, ANTHROPIC_ID_RULES);
}

/**
 * Freeform (custom) tool input is exposed as `{input: <text>}` (the custom tool's schema has one
 * string property); arguments that are not a JSON object are wrapped the same way and reported
 * through `onNotObject` so the caller can warn.
 */
export function toolInput(
  part: Pick<IRToolCallPart, 'arguments' | 'kind'>,
  onNotObject?: () => void,
): Record<string, unknown> {
  if (part.kind === 'custom') return { input: part.arguments };
  if (part.arguments.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(part.arguments);
    // Too deep to re-serialise safely: passed on as the raw string instead.
    if (v && typeof v === 'object' && !Array.isArray(v) && !jsonTooDeep(part.arguments))
      return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  onNotObject?.();
  return { input: part.arguments };
}
