// `context_management` on /v1/messages: Anthropic's server-side context editing (clearing old tool
// results and thinking). Copilot's /v1/messages answers 400 "context_management: Extra inputs are
// not permitted" even with the context-management beta it accepts. Introduced by Claude Code
// 2.1.175 (copilot-upstream-2026.md §5). Removing it means no server-side edits: the client's
// own compaction still applies. (Copilot's /responses accepts its own `context_management`;
// this rule is for Anthropic bodies only.)
import type { DriftRule } from './drift-rule.js';

export const contextManagement: DriftRule = {
  field: 'context_management',
  needle: '"context_management"',
  remove(body, dryRun) {
    if (!('context_management' in body)) return 0;
    if (dryRun) return 1;
    delete body.context_management;
    return 1;
  },
};
