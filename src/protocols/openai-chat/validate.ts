// Small readers that validate one field of a client body and throw a 400 a person can act on.
// Kept tiny on purpose: the Chat body is wide and mostly optional, so a schema library would
// mostly restate "optional number"; these readers also name the exact `param` that was wrong.
import { GatewayError } from '../../errors/gateway-error.js';

export type Json = Record<string, unknown>;

import { typeName } from '../ir/fields.js';
import { isJsonObject as isObject } from '../ir/json.js';

export { isObject };

export function invalid(message: string, param: string): GatewayError {
  return GatewayError.invalid(message, { param });
}

export function optString(body: Json, key: string, param = key): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`'${param}' must be a string, got ${typeName(v)}`, param);
  return v;
}

export function reqString(body: Json, key: string, param = key): string {
  const v = optString(body, key, param);
  if (v === undefined) throw invalid(`'${param}' is required`, param);
  return v;
}

export function optBoolean(body: Json, key: string, param = key): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`'${param}' must be a boolean, got ${typeName(v)}`, param);
  return v;
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function optNumber(body: Json, key: string, rule: NumberRule = {}, param = key): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalid(`'${param}' must be a number, got ${typeName(v)}`, param);
  }
  if (rule.integer && !Number.isInteger(v)) throw invalid(`'${param}' must be an integer, got ${v}`, param);
  if (rule.min !== undefined && v < rule.min)
    throw invalid(`'${param}' must be >= ${rule.min}, got ${v}`, param);
  if (rule.max !== undefined && v > rule.max)
    throw invalid(`'${param}' must be <= ${rule.max}, got ${v}`, param);
  return v;
}

export function optObject(body: Json, key: string, param = key): Json | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalid(`'${param}' must be an object, got ${typeName(v)}`, param);
  return v;
}

export function optArray(body: Json, key: string, param = key): unknown[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(`'${param}' must be an array, got ${typeName(v)}`, param);
  return v;
}

export function describeType(value: unknown): string {
  return typeName(value);
}
