// `output_config.format`: Anthropic's structured-output (JSON schema) setting. Copilot answers 400
// "output_config.format: Extra inputs are not permitted" while it accepts `output_config.effort`.
// Sent by Claude Code 2.1.x and the SDK's structured outputs (copilot-upstream-2026.md §5), and
// by the gateway's own Anthropic encoder for JSON-schema requests of other protocols.
// Translated, not just dropped: the schema becomes a last system block that asks for JSON
// matching it (the answer is no longer guaranteed to match; clients that asked validate anyway).
// An `output_config` left empty goes too.
import { type DriftRule, isObject, type Json } from './drift-rule.js';

function instruction(format: unknown): string | undefined {
  if (!isObject(format) || format.type !== 'json_schema' || format.schema === undefined) return undefined;
  return `Respond with only a JSON value (no prose, no code fence) that matches this JSON Schema: ${JSON.stringify(format.schema)}`;
}

function appendSystem(body: Json, text: string): void {
  const block = { type: 'text', text };
  if (Array.isArray(body.system)) body.system.push(block);
  else if (typeof body.system === 'string' && body.system !== '')
    body.system = [{ type: 'text', text: body.system }, block];
  else body.system = [block];
}

export const outputConfigFormat: DriftRule = {
  field: 'output_config.format',
  needle: '"output_config"',
  remove(body, dryRun) {
    const config = body.output_config;
    if (!isObject(config) || !('format' in config)) return 0;
    if (dryRun) return 1;
    const text = instruction(config.format);
    delete config.format;
    if (Object.keys(config).length === 0) delete body.output_config;
    if (text) appendSystem(body, text);
    return 1;
  },
};
