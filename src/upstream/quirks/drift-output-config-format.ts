// `output_config.format`: Anthropic's structured-output (JSON schema) setting. Copilot answers 400
// "output_config.format: Extra inputs are not permitted" while it accepts `output_config.effort`.
// Sent by Claude Code 2.1.x and the SDK's structured outputs (copilot-upstream-2026.md §5). Only
// `format` goes (an `output_config` left empty goes too): the answer is then unconstrained text,
// which clients that asked for JSON validate themselves.
import { type DriftRule, isObject } from './drift-rule.js';

export const outputConfigFormat: DriftRule = {
  field: 'output_config.format',
  needle: '"output_config"',
  remove(body) {
    const config = body.output_config;
    if (!isObject(config) || !('format' in config)) return 0;
    delete config.format;
    if (Object.keys(config).length === 0) delete body.output_config;
    return 1;
  },
};
