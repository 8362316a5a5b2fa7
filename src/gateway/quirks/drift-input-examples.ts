// `tools[].input_examples`: example inputs attached to a tool definition (Anthropic's advanced
// tool use). Copilot answers 400 "tools.N.input_examples: Extra inputs are not permitted". Sent by
// Claude Code 2.1.x (copilot-upstream-2026.md §5; present in 2.1.330). The examples only guide the
// model; the schema that constrains the call is kept.
import { type DriftRule, deleteFromEach } from './drift-rule.js';

export const inputExamples: DriftRule = {
  field: 'tools[].input_examples',
  needle: '"input_examples"',
  remove: (body, dryRun) => deleteFromEach(body.tools, 'input_examples', undefined, dryRun),
};
