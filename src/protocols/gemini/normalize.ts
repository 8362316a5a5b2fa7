// Gemini's proto-JSON parser accepts lowerCamelCase and snake_case field names
// (`system_instruction`, `inline_data`, `function_declarations`… appear in Google's curl docs).
// These helpers read either spelling of the *structural* fields only: user data (function
// `args`, `response`, schemas) keeps its keys untouched. They also validate types, so a client
// mistake becomes a 400 that names the offending field.
import { GatewayError } from '../../errors/gateway-error.js';
import type { GeminiContent, GeminiPart } from './wire-types.js';

export type Json = Record<string, unknown>;

import { isJsonObject as isObject } from '../ir/json.js';

export { isObject };

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Reads `obj[camelName]`, falling back to its snake_case spelling. */
export function field(obj: Json, camelName: string): unknown {
  const v = obj[camelName];
  return v !== undefined ? v : obj[snake(camelName)];
}

export function invalid(message: string, param: string): GatewayError {
  return GatewayError.invalid(message, { param });
}

export function optionalString(obj: Json, name: string, path: string): string | undefined {
  const v = field(obj, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${path}.${name} must be a string`, `${path}.${name}`);
  return v;
}

export function optionalNumber(obj: Json, name: string, path: string): number | undefined {
  const v = field(obj, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw invalid(`${path}.${name} must be a number`, `${path}.${name}`);
  return v;
}

export function optionalObject(obj: Json, name: string, path: string): Json | undefined {
  const v = field(obj, name);
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalid(`${path}.${name} must be an object`, `${path}.${name}`);
  return v;
}

export function optionalArray(obj: Json, name: string, path: string): unknown[] | undefined {
  const v = field(obj, name);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(`${path}.${name} must be an array`, `${path}.${name}`);
  return v;
}

/** Validates one part and returns it in camelCase form. */
export function normalizePart(raw: unknown, path: string): GeminiPart {
  if (!isObject(raw)) throw invalid(`${path} must be an object`, path);
  const part: GeminiPart = {};
  const text = optionalString(raw, 'text', path);
  if (text !== undefined) part.text = text;
  const thought = field(raw, 'thought');
  if (thought === true) part.thought = true;
  const sig = optionalString(raw, 'thoughtSignature', path);
  if (sig !== undefined) part.thoughtSignature = sig;

  const inline = optionalObject(raw, 'inlineData', path);
  if (inline) {
    const mimeType = optionalString(inline, 'mimeType', `${path}.inlineData`);
    const data = optionalString(inline, 'data', `${path}.inlineData`);
    if (!mimeType || data === undefined) {
      throw invalid(`${path}.inlineData needs a mimeType and base64 data`, `${path}.inlineData`);
    }
    part.inlineData = { mimeType, data };
  }
  const file = optionalObject(raw, 'fileData', path);
  if (file) {
    const fileUri = optionalString(file, 'fileUri', `${path}.fileData`);
    if (!fileUri) throw invalid(`${path}.fileData.fileUri is required`, `${path}.fileData.fileUri`);
    const mimeType = optionalString(file, 'mimeType', `${path}.fileData`);
    part.fileData = mimeType ? { mimeType, fileUri } : { fileUri };
  }
  const call = optionalObject(raw, 'functionCall', path);
  if (call) {
    const p = `${path}.functionCall`;
    const name = optionalString(call, 'name', p);
    if (!name) throw invalid(`${p}.name is required`, `${p}.name`);
    const args = optionalObject(call, 'args', p);
    const id = optionalString(call, 'id', p);
    part.functionCall = { name, ...(id ? { id } : {}), ...(args ? { args } : {}) };
  }
  const resp = optionalObject(raw, 'functionResponse', path);
  if (resp) {
    const p = `${path}.functionResponse`;
    const name = optionalString(resp, 'name', p);
    if (!name)
      throw invalid(`${p}.name is required (Gemini matches responses to calls by name)`, `${p}.name`);
    const response = field(resp, 'response');
    if (response !== undefined && !isObject(response)) {
      throw invalid(`${p}.response must be an object, e.g. {"output": "..."}`, `${p}.response`);
    }
    const id = optionalString(resp, 'id', p);
    const parts = optionalArray(resp, 'parts', p)?.map((x, i) => normalizePart(x, `${p}.parts[${i}]`));
    part.functionResponse = {
      name,
      response: (response as Json | undefined) ?? {},
      ...(id ? { id } : {}),
      ...(parts && parts.length > 0 ? { parts } : {}),
    };
  }
  return part;
}

export function normalizeContent(raw: unknown, path: string): GeminiContent {
  if (!isObject(raw)) throw invalid(`${path} must be an object with "role" and "parts"`, path);
  const role = optionalString(raw, 'role', path);
  const parts = optionalArray(raw, 'parts', path) ?? [];
  const normalized = parts.map((p, i) => normalizePart(p, `${path}.parts[${i}]`));
  return role ? { role, parts: normalized } : { parts: normalized };
}
