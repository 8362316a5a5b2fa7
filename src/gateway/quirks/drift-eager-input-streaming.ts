// `eager_input_streaming` on tools: Anthropic's fine-grained tool streaming flag. Copilot's
// /v1/messages answers 400 "tools.N.eager_input_streaming: Extra inputs are not permitted".
// Introduced by Claude Code builds from 2026-04-17 (copilot-upstream-2026.md §5; Claude Code
// 2.1.330 ships it in its per-model table), both on the tool and inside `tools[].custom`.
// Removing it only loses incremental tool-input streaming: the tool call arrives whole.
import { type DriftRule, deleteFromEach, isObject } from './drift-rule.js';

export const eagerInputStreaming: DriftRule = {
  field: 'tools[].eager_input_streaming',
  needle: '"eager_input_streaming"',
  remove: (body, dryRun) => deleteFromEach(body.tools, 'eager_input_streaming', undefined, dryRun),
};

export const customEagerInputStreaming: DriftRule = {
  field: 'tools[].custom.eager_input_streaming',
  needle: '"eager_input_streaming"',
  remove(body, dryRun) {
    const n = deleteFromEach(body.tools, 'eager_input_streaming', (t) => t.custom, dryRun);
    if (dryRun) return n;
    // A `custom` object left empty says nothing; drop it too.
    if (n > 0 && Array.isArray(body.tools))
      for (const t of body.tools)
        if (isObject(t) && isObject(t.custom) && Object.keys(t.custom).length === 0) delete t.custom;
    return n;
  },
};
