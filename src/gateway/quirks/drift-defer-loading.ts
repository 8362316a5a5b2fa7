// `tools[].defer_loading`: Anthropic's tool-search flag (the tool's definition is loaded only when
// a search finds it). Copilot answers 400 "tools.N.defer_loading: Extra inputs are not
// permitted". Sent by Claude Code 2.1.x with tool search on (copilot-upstream-2026.md §5; present
// in 2.1.330). Removing the flag loads the tool up front, which is what Copilot does anyway.
import { type DriftRule, deleteFromEach } from './drift-rule.js';

export const deferLoading: DriftRule = {
  field: 'tools[].defer_loading',
  needle: '"defer_loading"',
  remove: (body, dryRun) => deleteFromEach(body.tools, 'defer_loading', undefined, dryRun),
};
