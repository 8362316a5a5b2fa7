// A raw Claude effort variant (`claude-opus-4.8-high`) that the account does not list resolves to
// its base model at that effort (./claude-aliases.ts). The effort then travels with the request on
// every ingress, unless the client set an effort itself: in the client's own field on the
// passthrough path, in the IR on the translated one (the egress codec writes it as its protocol does).
import { isJsonObject as isObject } from '../../protocols/ir/json.js';
import type { IRRequest, ProtocolId } from '../../protocols/ir/types.js';
import { extend } from '../../util/extend.js';

type Json = Record<string, unknown>;
export type RequestedEffort = 'high' | 'xhigh';

/** Where each native protocol carries the effort: [object key or undefined for top level, field]. */
const FIELD: Partial<Record<ProtocolId, [string | undefined, string]>> = {
  anthropic: ['output_config', 'effort'],
  'openai-chat': [undefined, 'reasoning_effort'],
  'openai-responses': ['reasoning', 'effort'],
};

/**
 * The effort the served model takes (its catalogue `reasoning_effort`): `xhigh` falls back to
 * `high` on a model without it; undefined when the model lists efforts but neither.
 */
export function effortFor(effort: RequestedEffort, allowed: readonly string[] | undefined) {
  if (!allowed || allowed.length === 0 || allowed.includes(effort)) return effort;
  return allowed.includes('high') ? ('high' as const) : undefined;
}

/** Sets the effort in the client's body (passthrough); false when the client set one or the protocol has none. */
export function applyEffortToBody(protocol: ProtocolId, body: Json, effort: RequestedEffort): boolean {
  const field = FIELD[protocol];
  if (!field) return false;
  if (protocol === 'openai-chat' && isObject(body.reasoning) && body.reasoning.effort !== undefined)
    return false;
  const [parent, key] = field;
  if (parent === undefined) {
    if (body[key] !== undefined && body[key] !== null) return false;
    body[key] = effort;
    return true;
  }
  const holder = body[parent];
  if (isObject(holder) && holder[key] !== undefined && holder[key] !== null) return false;
  body[parent] = extend(isObject(holder) ? holder : {}, { [key]: effort });
  return true;
}

/** Sets the effort on the decoded request (translated path); false when the client set one. */
export function applyEffortToIR(ir: IRRequest, effort: RequestedEffort): boolean {
  if (ir.reasoning?.effort !== undefined) return false;
  ir.reasoning = { ...ir.reasoning, effort };
  return true;
}
