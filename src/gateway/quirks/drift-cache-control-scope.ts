// `system[].cache_control.scope` (e.g. `"global"`): Anthropic's cross-request cache scope for the
// system prompt. Copilot answers 400 "system.N.cache_control.scope: Extra inputs are not
// permitted". Sent by Claude Code 2.1.x (copilot-upstream-2026.md §5; first version not
// published). Only `scope` goes: the `cache_control` breakpoint itself (type, ttl) is kept, so
// prompt caching still works.
import { type DriftRule, deleteFromEach } from './drift-rule.js';

export const cacheControlScope: DriftRule = {
  field: 'system[].cache_control.scope',
  needle: '"scope"',
  remove: (body, dryRun) => deleteFromEach(body.system, 'scope', (b) => b.cache_control, dryRun),
};
