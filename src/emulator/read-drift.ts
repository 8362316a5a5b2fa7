// Request fields newer Anthropic clients send that Copilot's /v1/messages refuses (reference
// copilot-upstream-2026.md §5): each is a 400 "Extra inputs are not permitted" naming the field by
// its pydantic path, as the real upstream answers after a client update.
import { anthropicError } from './errors.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOOL_FIELDS = ['eager_input_streaming', 'defer_loading', 'input_examples', 'strict'];

/** The pydantic path of the first refused field, or undefined when the body has none. */
export function firstRefusedField(body: Json): string | undefined {
  if (body.context_management !== undefined) return 'context_management';
  if (isObject(body.output_config) && body.output_config.format !== undefined) return 'output_config.format';
  if (Array.isArray(body.system)) {
    for (const [i, b] of body.system.entries()) {
      if (isObject(b) && isObject(b.cache_control) && b.cache_control.scope !== undefined)
        return `system.${i}.cache_control.scope`;
    }
  }
  if (Array.isArray(body.tools)) {
    for (const [i, t] of body.tools.entries()) {
      if (!isObject(t)) continue;
      for (const f of TOOL_FIELDS) if (t[f] !== undefined) return `tools.${i}.${f}`;
      if (isObject(t.custom) && t.custom.eager_input_streaming !== undefined)
        return `tools.${i}.custom.eager_input_streaming`;
    }
  }
  return undefined;
}

export function rejectRefusedFields(body: Json): void {
  const field = firstRefusedField(body);
  if (field) throw anthropicError(`${field}: Extra inputs are not permitted`);
}
