// Clients size the output limit from their own idea of the model (Claude Code asks 64000 for its
// Opus-class default), and Copilot refuses anything above the model it actually serves:
// `400 max_tokens: 64000 > 32000, which is the maximum allowed number of output tokens for
// claude-sonnet-4.5`. The limit is clamped to the resolved model's `max_output_tokens` (and to
// `max_non_streaming_output_tokens` when the call does not stream), and a thinking budget is kept
// below the clamped limit (Anthropic requires budget_tokens < max_tokens, at least 1024).
import type { OutcomeChange } from '../pipeline/outcome.js';
import type { Json } from './drift-rule.js';
import { isObject } from './drift-rule.js';

export interface OutputLimits {
  maxOutputTokens?: number;
  maxNonStreamingOutputTokens?: number;
}

/** A change for the outcome record. */
export type Change = OutcomeChange;

const FIELDS: Record<string, readonly string[]> = {
  '/v1/messages': ['max_tokens'],
  '/chat/completions': ['max_tokens', 'max_completion_tokens'],
  '/responses': ['max_output_tokens'],
};

const MIN_THINKING_BUDGET = 1024;

function limitFor(limits: OutputLimits, stream: boolean): number | undefined {
  const out = limits.maxOutputTokens;
  const nonStream = limits.maxNonStreamingOutputTokens;
  if (stream || nonStream === undefined) return out;
  return out === undefined ? nonStream : Math.min(out, nonStream);
}

/** Cheap test on the parsed body: does any output-limit field exceed the model's limit? */
export function needsOutputClamp(
  endpoint: string,
  body: Json,
  limits: OutputLimits,
  stream: boolean,
): boolean {
  const limit = limitFor(limits, stream);
  if (limit === undefined) return false;
  for (const f of FIELDS[endpoint] ?? []) {
    const v = body[f];
    if (typeof v === 'number' && v > limit) return true;
  }
  return false;
}

/** Clamps the output-limit fields (and the thinking budget) of an egress body in place. */
export function clampOutputTokens(
  endpoint: string,
  body: Json,
  limits: OutputLimits,
  stream: boolean,
  modelId: string,
): Change[] {
  const limit = limitFor(limits, stream);
  if (limit === undefined) return [];
  const which =
    stream || limits.maxNonStreamingOutputTokens === undefined
      ? 'max_output_tokens'
      : 'max_non_streaming_output_tokens';
  const changes: Change[] = [];
  let effective: number | undefined;
  for (const f of FIELDS[endpoint] ?? []) {
    const v = body[f];
    if (typeof v !== 'number') continue;
    if (v > limit) {
      body[f] = limit;
      changes.push({ kind: 'clamp', detail: `${f} ${v} → ${limit} (${modelId}'s ${which})` });
    }
    effective = body[f] as number;
  }
  if (effective !== undefined) changes.push(...keepThinkingBelow(endpoint, body, effective));
  return changes;
}

function keepThinkingBelow(endpoint: string, body: Json, maxTokens: number): Change[] {
  if (endpoint === '/v1/messages') {
    const t = body.thinking;
    if (!isObject(t) || t.type !== 'enabled' || typeof t.budget_tokens !== 'number') return [];
    if (t.budget_tokens < maxTokens) return [];
    const budget = maxTokens - 1;
    if (budget < MIN_THINKING_BUDGET) {
      delete body.thinking;
      return [
        { kind: 'clamp', detail: `thinking disabled: max_tokens ${maxTokens} leaves no room for a budget` },
      ];
    }
    const was = t.budget_tokens;
    t.budget_tokens = budget;
    return [{ kind: 'clamp', detail: `thinking.budget_tokens ${was} → ${budget} (below max_tokens)` }];
  }
  if (endpoint === '/chat/completions' && typeof body.thinking_budget === 'number') {
    if (body.thinking_budget < maxTokens) return [];
    const was = body.thinking_budget;
    body.thinking_budget = maxTokens - 1;
    return [{ kind: 'clamp', detail: `thinking_budget ${was} → ${maxTokens - 1} (below the output limit)` }];
  }
  return [];
}
