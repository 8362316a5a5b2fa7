// `tools[].strict` on Anthropic tools: strict schema adherence for tool inputs. Copilot's Claude
// hosts answer 400 "tools.N.strict: Extra inputs are not permitted" (copilot-upstream-2026.md §5:
// "Claude on some hosts"). Sent by Claude Code 2.1.x and SDK users of structured tool inputs. The
// schema still constrains the call; only the strict-decoding guarantee is lost.
// (OpenAI Chat's `tools[].function.strict` is a different field and is left alone.)
import { type DriftRule, deleteFromEach } from './drift-rule.js';

export const toolStrict: DriftRule = {
  field: 'tools[].strict',
  needle: '"strict"',
  remove: (body, dryRun) => deleteFromEach(body.tools, 'strict', undefined, dryRun),
};
