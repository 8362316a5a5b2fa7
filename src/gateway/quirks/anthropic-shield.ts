// The drift shield for Anthropic bodies bound for Copilot's /v1/messages: removes the fields newer
// clients send that Copilot refuses (one rule per field, drift-*.ts) and reports what it removed.
// Two cheap tests decide that nothing needs removing, so passthrough forwards the bytes untouched:
// `anthropicBodyDrifts` on the body the route already parsed (a few property reads per tool), and
// `anthropicBodyMayDrift` on raw bytes when no parse exists (one regular-expression pass).
import { cacheControlScope } from './drift-cache-control-scope.js';
import { contextManagement } from './drift-context-management.js';
import { deferLoading } from './drift-defer-loading.js';
import { customEagerInputStreaming, eagerInputStreaming } from './drift-eager-input-streaming.js';
import { inputExamples } from './drift-input-examples.js';
import { outputConfigFormat } from './drift-output-config-format.js';
import type { DriftRule, Json } from './drift-rule.js';
import { toolStrict } from './drift-tool-strict.js';

export const ANTHROPIC_DRIFT_RULES: readonly DriftRule[] = [
  eagerInputStreaming,
  customEagerInputStreaming,
  contextManagement,
  cacheControlScope,
  deferLoading,
  inputExamples,
  outputConfigFormat,
  toolStrict,
];

// One pass over the text (Buffer#indexOf per needle is far slower on large bodies). The needles
// are quoted field names: letters, `_` and `"`, nothing a regular expression would read specially.
const NEEDLES = new RegExp([...new Set(ANTHROPIC_DRIFT_RULES.map((r) => r.needle))].join('|'));

/** False when no rule can apply (none of the field names occurs in the bytes). */
export function anthropicBodyMayDrift(raw: Buffer | string): boolean {
  return NEEDLES.test(typeof raw === 'string' ? raw : raw.toString('latin1'));
}

/** Whether any rule would remove something from this parsed body (the body is not changed). */
export function anthropicBodyDrifts(body: Json): boolean {
  return ANTHROPIC_DRIFT_RULES.some((rule) => rule.remove(body, true) > 0);
}

export interface ShieldResult {
  body: Json;
  /** The fields removed, one entry per field (e.g. `tools[].strict`), in rule order. */
  removed: string[];
}

/** Removes the refused fields from a parsed Anthropic body, in place. */
export function shieldAnthropicBody(body: Json): ShieldResult {
  const removed: string[] = [];
  for (const rule of ANTHROPIC_DRIFT_RULES) if (rule.remove(body) > 0) removed.push(rule.field);
  return { body, removed };
}
