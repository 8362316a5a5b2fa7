// The drift shield for Anthropic bodies bound for Copilot's /v1/messages: removes the fields newer
// clients send that Copilot refuses (one rule per field, drift-*.ts) and reports what it removed.
// `anthropicBodyMayDrift` is the cheap test on the raw bytes: when none of the field names occurs,
// nothing needs removing and passthrough forwards the bytes without parsing them again.
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

const NEEDLES = [...new Set(ANTHROPIC_DRIFT_RULES.map((r) => r.needle))];

/** False when no rule can apply (none of the field names occurs in the bytes). */
export function anthropicBodyMayDrift(raw: Buffer | string): boolean {
  for (const needle of NEEDLES) if (raw.indexOf(needle) !== -1) return true;
  return false;
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
