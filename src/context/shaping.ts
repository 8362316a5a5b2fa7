// Per-model request shaping from config: `extraPrompts` (text appended to the system prompt) and
// `reasoningEffort` (the effort used when the client sends none). Applied to the client's body
// before planning, so every egress path (passthrough or translated) carries it; Gemini bodies,
// which always go through the IR, are shaped on the IR.
import type { OutcomeChange } from '../gateway/pipeline/outcome.js';
import type { IREffort, IRRequest } from '../protocols/ir/types.js';
import { extend } from '../util/extend.js';
import type { ContextProtocol } from './types.js';

type Json = Record<string, unknown>;

export interface Shaping {
  extraPrompt?: string;
  effort?: IREffort;
  /** The model's offered efforts (catalogue `supports.reasoning_effort`), when it lists them. */
  efforts?: string[];
}

export interface ShapeResult<B> {
  body: B;
  changed: boolean;
  changes: OutcomeChange[];
}

/** The value for a model from a per-model map: its own id first, then "*". */
export function perModel<T>(map: Record<string, T>, modelId: string): T | undefined {
  return map[modelId] ?? map['*'];
}

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

function appendAnthropicSystem(body: Json, text: string): void {
  if (typeof body.system === 'string') body.system = `${body.system}\n\n${text}`;
  else if (Array.isArray(body.system)) body.system = [...body.system, { type: 'text', text }];
  else body.system = [{ type: 'text', text }];
}

function appendChatSystem(body: Json, text: string): void {
  const messages = body.messages as unknown[];
  let at = 0;
  while (at < messages.length && ['system', 'developer'].includes(String(obj(messages[at])?.role))) at++;
  body.messages = [...messages.slice(0, at), { role: 'system', content: text }, ...messages.slice(at)];
}

function appendInstructions(body: Json, text: string): void {
  body.instructions =
    typeof body.instructions === 'string' && body.instructions ? `${body.instructions}\n\n${text}` : text;
}

/** Whether the client already said something about reasoning (then the default stays out). */
function saysReasoning(protocol: ContextProtocol, body: Json): boolean {
  if (protocol === 'anthropic')
    return body.thinking !== undefined || obj(body.output_config)?.effort !== undefined;
  if (protocol === 'openai-chat')
    return body.reasoning_effort !== undefined || body.thinking_budget !== undefined;
  return obj(body.reasoning)?.effort !== undefined;
}

function applyEffort(protocol: ContextProtocol, body: Json, s: Shaping): string | undefined {
  const effort = s.effort;
  if (!effort || saysReasoning(protocol, body)) return undefined;
  const offered = s.efforts?.includes(effort) ?? false;
  if (protocol === 'anthropic') {
    // Effort without thinking: turning thinking on could break a history without signed thinking.
    if (!offered) return `reasoning effort "${effort}" not offered by the model; not applied`;
    body.output_config = extend(obj(body.output_config) ?? {}, { effort });
  } else if (protocol === 'openai-chat') {
    if (!offered) return `reasoning effort "${effort}" not offered by the model; not applied`;
    body.reasoning_effort = effort;
  } else {
    // Responses models reason; the catalogue does not always list their efforts.
    if (s.efforts && !offered) return `reasoning effort "${effort}" not offered by the model; not applied`;
    body.reasoning = extend(obj(body.reasoning) ?? {}, { effort });
  }
  return `reasoning effort "${effort}" applied (config reasoningEffort)`;
}

/** Shapes a parsed raw body (a shallow copy is returned when anything changes). */
export function shapeRawBody(
  protocol: Exclude<ContextProtocol, 'ir'>,
  input: Json,
  s: Shaping,
): ShapeResult<Json> {
  if (!s.extraPrompt && !s.effort) return { body: input, changed: false, changes: [] };
  // Not `{ ...input }`: keys added to a spread copy give it a hidden class of its own (Node 20).
  const body: Json = extend(input, {});
  const changes: OutcomeChange[] = [];
  if (s.extraPrompt) {
    if (protocol === 'anthropic') appendAnthropicSystem(body, s.extraPrompt);
    else if (protocol === 'openai-chat') appendChatSystem(body, s.extraPrompt);
    else appendInstructions(body, s.extraPrompt);
    changes.push({
      kind: 'extra-prompt',
      detail: `${s.extraPrompt.length} characters appended to the system prompt`,
    });
  }
  const effort = applyEffort(protocol, body, s);
  if (effort) changes.push({ kind: 'reasoning-effort', detail: effort });
  const changed = changes.some((c) => c.kind === 'extra-prompt' || !c.detail.endsWith('not applied'));
  return { body: changed ? body : input, changed, changes };
}

/** Shapes a decoded request (Gemini ingress); the egress encoder maps and clamps the effort. */
export function shapeIR(ir: IRRequest, s: Shaping): ShapeResult<IRRequest> {
  const changes: OutcomeChange[] = [];
  let out = ir;
  if (s.extraPrompt) {
    out = { ...out, system: [...out.system, { type: 'text', text: s.extraPrompt }] };
    changes.push({
      kind: 'extra-prompt',
      detail: `${s.extraPrompt.length} characters appended to the system prompt`,
    });
  }
  const r = ir.reasoning;
  const said =
    r && (r.enabled !== undefined || r.effort !== undefined || r.budgetTokens !== undefined || r.adaptive);
  if (s.effort && !said) {
    out = extend(out, { reasoning: extend(r ?? {}, { effort: s.effort }) });
    changes.push({
      kind: 'reasoning-effort',
      detail: `reasoning effort "${s.effort}" applied (config reasoningEffort)`,
    });
  }
  return { body: out, changed: out !== ir, changes };
}
