// Gemini generateContent / streamGenerateContent body → IR request (ingress).
// The model comes from the URL (`/models/{model}:method`), so `model` stays '' unless the body
// carries one or the caller passes it; `stream` is decided by the method and set by the caller.
import type { CodecContext } from '../ir/codec.js';
import type {
  IREffort,
  IRMessage,
  IRPart,
  IRReasoningConfig,
  IRRequest,
  IRResponseFormat,
  IRTextPart,
  IRTool,
  IRToolCallPart,
  IRToolChoice,
} from '../ir/types.js';
import { decodeMedia, decodeSignedPart } from './decode-parts.js';
import {
  field,
  invalid,
  isObject,
  type Json,
  normalizeContent,
  optionalArray,
  optionalNumber,
  optionalObject,
  optionalString,
} from './normalize.js';
import { openApiToJsonSchema } from './openapi-schema.js';
import type { GeminiContent, GeminiFunctionResponse } from './wire-types.js';

const KNOWN_TOP_LEVEL = new Set([
  'model',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
]);

export interface DecodeGeminiOptions {
  /** The model from the URL, when the caller has it. */
  model?: string;
  /**
   * countTokens bodies may be a history cut anywhere (calls not yet answered): skip the
   * call/response pairing checks and allow empty contents.
   */
  lenient?: boolean;
}

export function decodeGeminiRequest(
  body: unknown,
  ctx: CodecContext,
  options: DecodeGeminiOptions = {},
): IRRequest {
  const { model, lenient = false } = options;
  if (!isObject(body))
    throw invalid('The request body must be a JSON object with a "contents" array', 'body');
  const rawContents = field(body, 'contents');
  if (!Array.isArray(rawContents)) {
    throw invalid('"contents" is required and must be an array of {role, parts} objects', 'contents');
  }
  if (rawContents.length === 0 && !lenient) throw invalid('"contents" must not be empty', 'contents');
  const contents = rawContents.map((c, i) => normalizeContent(c, `contents[${i}]`));

  const ir: IRRequest = {
    model: model ?? optionalString(body, 'model', 'body')?.replace(/^models\//, '') ?? '',
    system: decodeSystem(body, ctx),
    messages: decodeContents(contents, lenient),
    tools: decodeTools(body, ctx),
    stream: false,
  };

  const toolChoice = decodeToolChoice(body);
  if (toolChoice) ir.toolChoice = toolChoice;
  decodeGenerationConfig(body, ir, ctx);

  const safety = optionalArray(body, 'safetySettings', 'body');
  if (safety && safety.length > 0) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'safetySettings are not supported by Copilot and were ignored',
    });
  }
  if (field(body, 'cachedContent') !== undefined) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'cachedContent is not supported by Copilot and was ignored',
    });
  }
  for (const key of Object.keys(body)) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!KNOWN_TOP_LEVEL.has(camel)) {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `Unknown request field "${key}" was ignored`,
      });
    }
  }
  return ir;
}

function decodeSystem(body: Json, ctx: CodecContext): IRTextPart[] {
  const raw = field(body, 'systemInstruction');
  if (raw === undefined || raw === null) return [];
  // Some clients send a bare string; Google's parser rejects it, but the intent is unambiguous.
  if (typeof raw === 'string') return raw ? [{ type: 'text', text: raw }] : [];
  const content = normalizeContent(raw, 'systemInstruction');
  const out: IRTextPart[] = [];
  for (const part of content.parts) {
    if (part.text !== undefined && !part.thought) {
      if (part.text) out.push({ type: 'text', text: part.text });
    } else {
      ctx.warnings.push({
        code: 'dropped-content',
        message: 'Non-text parts in systemInstruction were dropped',
      });
    }
  }
  return out;
}

/** Strips Gemini CLI's `<name>__` id prefix so a call and its response map to our original id. */
function stripNamePrefix(id: string | undefined, name: string): string | undefined {
  if (!id) return undefined;
  const prefix = `${name}__`;
  return id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : id;
}

interface PendingCall {
  call: IRToolCallPart;
  /** Index of the model content that made the call (for error messages). */
  content: number;
  answered: boolean;
}

function decodeContents(contents: GeminiContent[], lenient: boolean): IRMessage[] {
  const messages: IRMessage[] = [];
  let pending: PendingCall[] = [];

  const checkAnswered = (beforeContent: number) => {
    const open = pending.filter((p) => !p.answered);
    if (open.length > 0 && !lenient) {
      const first = open[0];
      throw invalid(
        `contents[${first.content}] made ${pending.length} function call(s) but only ${pending.length - open.length} ` +
          `functionResponse part(s) follow before ${beforeContent < contents.length ? `contents[${beforeContent}]` : 'the end'}; ` +
          `unanswered: ${open.map((p) => p.call.name).join(', ')}. Please ensure that the number of function response parts ` +
          'is equal to the number of function call parts of the function call turn.',
        `contents[${beforeContent < contents.length ? beforeContent : first.content}]`,
      );
    }
    pending = [];
  };

  contents.forEach((content, ci) => {
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function' && role !== 'tool') {
      throw invalid(`contents[${ci}].role must be "user" or "model" (got "${role}")`, `contents[${ci}].role`);
    }
    const parts: IRPart[] = [];
    if (role === 'model') {
      checkAnswered(ci);
      content.parts.forEach((part, pi) => {
        if (part.functionResponse) {
          throw invalid(
            `contents[${ci}].parts[${pi}]: functionResponse parts belong in a "user" content`,
            `contents[${ci}].parts[${pi}]`,
          );
        }
        const { callMeta } = decodeSignedPart(part, parts);
        if (part.functionCall) {
          const fc = part.functionCall;
          const call: IRToolCallPart = {
            type: 'tool-call',
            // Gemini ids are optional; a positional id is stable across turns of the same history.
            callId: stripNamePrefix(fc.id, fc.name) ?? `call_${ci}_${pi}`,
            name: fc.name,
            arguments: JSON.stringify(fc.args ?? {}),
            kind: 'function',
            ...(callMeta ? { meta: callMeta } : {}),
          };
          parts.push(call);
          pending.push({ call, content: ci, answered: false });
        }
      });
      messages.push({ role: 'assistant', parts });
      return;
    }

    content.parts.forEach((part, pi) => {
      const path = `contents[${ci}].parts[${pi}]`;
      if (part.functionCall) throw invalid(`${path}: functionCall parts belong in a "model" content`, path);
      if (part.functionResponse) {
        parts.push(
          decodeFunctionResponse(
            part.functionResponse,
            pending,
            path,
            lenient ? `call_${ci}_${pi}` : undefined,
          ),
        );
        return;
      }
      if (part.text !== undefined && !part.thought) {
        if (part.text) parts.push({ type: 'text', text: part.text });
        return;
      }
      if (part.thought) return; // a user turn has no thoughts of its own; Gemini ignores them too
      const media = decodeMedia(part);
      if (media) parts.push(media);
    });
    // A user turn with no response parts does not close pending calls (Gemini CLI can put a
    // text-only turn between a call and its results only by mistake; it is caught at the next model turn).
    if (pending.length > 0 && pending.every((p) => p.answered)) pending = [];
    messages.push({ role: 'user', parts });
  });
  checkAnswered(contents.length);
  return messages;
}

function decodeFunctionResponse(
  fr: GeminiFunctionResponse,
  pending: PendingCall[],
  path: string,
  /** Lenient mode: the id to use for a response without a matching call. */
  orphanId?: string,
): IRPart {
  const id = stripNamePrefix(fr.id, fr.name);
  // Prefer the id; Gemini CLI synthesises ids of its own when ours were absent, so fall back to
  // the earliest unanswered call with the same name.
  const match =
    (id ? pending.find((p) => !p.answered && p.call.callId === id) : undefined) ??
    pending.find((p) => !p.answered && p.call.name === fr.name);
  const callId = match?.call.callId ?? (orphanId !== undefined ? (id ?? orphanId) : undefined);
  if (callId === undefined) {
    throw invalid(
      `${path}: functionResponse "${fr.name}" does not answer any functionCall of the preceding model turn ` +
        '(the number of function response parts must equal the number of function call parts)',
      path,
    );
  }
  if (match) match.answered = true;

  const response = fr.response;
  const keys = Object.keys(response);
  const isError = 'error' in response && response.error !== undefined && response.error !== null;
  let text: string;
  if (keys.length === 1 && keys[0] === 'output' && typeof response.output === 'string')
    text = response.output;
  else if (keys.length === 1 && keys[0] === 'error' && typeof response.error === 'string')
    text = response.error;
  else text = JSON.stringify(response);

  const content: Array<IRTextPart | (ReturnType<typeof decodeMedia> & object)> = [];
  const media = (fr.parts ?? []).map(decodeMedia).filter((m) => m !== undefined);
  if (text !== '' || media.length === 0) content.push({ type: 'text', text });
  content.push(...media);
  return isError
    ? { type: 'tool-result', callId, name: fr.name, content, isError: true, kind: 'function' }
    : { type: 'tool-result', callId, name: fr.name, content, kind: 'function' };
}

const BUILTIN_KEYS = new Set(['functionDeclarations']);

function decodeTools(body: Json, ctx: CodecContext): IRTool[] {
  const raw = optionalArray(body, 'tools', 'body');
  if (!raw) return [];
  const tools: IRTool[] = [];
  raw.forEach((t, ti) => {
    const path = `tools[${ti}]`;
    if (!isObject(t)) throw invalid(`${path} must be an object`, path);
    const decls = optionalArray(t, 'functionDeclarations', path) ?? [];
    decls.forEach((d, di) => {
      const p = `${path}.functionDeclarations[${di}]`;
      if (!isObject(d)) throw invalid(`${p} must be an object`, p);
      const name = optionalString(d, 'name', p);
      if (!name) throw invalid(`${p}.name is required`, `${p}.name`);
      const description = optionalString(d, 'description', p);
      const jsonSchema = optionalObject(d, 'parametersJsonSchema', p);
      const openApi = optionalObject(d, 'parameters', p);
      if (field(d, 'response') !== undefined || field(d, 'responseJsonSchema') !== undefined) {
        ctx.warnings.push({
          code: 'unsupported-setting',
          message: `Function response schemas (${name}) are not supported and were ignored`,
        });
      }
      const parameters =
        jsonSchema ?? (openApi ? openApiToJsonSchema(openApi) : { type: 'object', properties: {} });
      tools.push(
        description !== undefined
          ? { kind: 'function', name, description, parameters }
          : { kind: 'function', name, parameters },
      );
    });
    for (const [key, value] of Object.entries(t)) {
      const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (BUILTIN_KEYS.has(camel)) continue;
      tools.push({
        kind: 'builtin',
        type: camel,
        raw: { [camel]: isObject(value) ? value : {} },
        origin: 'gemini',
      });
    }
  });
  return tools;
}

function decodeToolChoice(body: Json): IRToolChoice | undefined {
  const config = optionalObject(body, 'toolConfig', 'body');
  if (!config) return undefined;
  const fcc = optionalObject(config, 'functionCallingConfig', 'toolConfig');
  if (!fcc) return undefined;
  const path = 'toolConfig.functionCallingConfig';
  const mode = optionalString(fcc, 'mode', path)?.toUpperCase();
  const names = optionalArray(fcc, 'allowedFunctionNames', path);
  if (names?.some((n) => typeof n !== 'string'))
    throw invalid(`${path}.allowedFunctionNames must be strings`, `${path}.allowedFunctionNames`);
  const allowed = (names ?? []) as string[];
  switch (mode) {
    case undefined:
    case 'MODE_UNSPECIFIED':
    case 'AUTO':
    case 'VALIDATED':
      return allowed.length > 0 ? { type: 'allowed', names: allowed, mode: 'auto' } : { type: 'auto' };
    case 'ANY':
      if (allowed.length === 1) return { type: 'tool', name: allowed[0] };
      return allowed.length > 1
        ? { type: 'allowed', names: allowed, mode: 'required' }
        : { type: 'required' };
    case 'NONE':
      return { type: 'none' };
    default:
      throw invalid(`${path}.mode must be AUTO, ANY, NONE or VALIDATED (got "${mode}")`, `${path}.mode`);
  }
}

const GENERATION_KEYS = new Set([
  'temperature',
  'topP',
  'topK',
  'candidateCount',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
]);

const LEVEL_TO_EFFORT: Record<string, IREffort> = {
  MINIMAL: 'minimal',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
};

function decodeGenerationConfig(body: Json, ir: IRRequest, ctx: CodecContext): void {
  const gc = optionalObject(body, 'generationConfig', 'body');
  if (!gc) return;
  const path = 'generationConfig';
  const num = (name: string) => optionalNumber(gc, name, path);

  const temperature = num('temperature');
  if (temperature !== undefined) ir.temperature = temperature;
  const topP = num('topP');
  if (topP !== undefined) ir.topP = topP;
  const topK = num('topK');
  if (topK !== undefined) ir.topK = topK;
  const seed = num('seed');
  if (seed !== undefined) ir.seed = seed;
  const presence = num('presencePenalty');
  if (presence !== undefined) ir.presencePenalty = presence;
  const frequency = num('frequencyPenalty');
  if (frequency !== undefined) ir.frequencyPenalty = frequency;
  const max = num('maxOutputTokens');
  if (max !== undefined) {
    if (!Number.isInteger(max) || max < 1)
      throw invalid(`${path}.maxOutputTokens must be a positive integer`, `${path}.maxOutputTokens`);
    ir.maxOutputTokens = max;
  }
  const candidates = num('candidateCount');
  if (candidates !== undefined && candidates > 1) {
    throw invalid(
      `${path}.candidateCount must be 1: Copilot returns a single candidate`,
      `${path}.candidateCount`,
    );
  }
  const stop = optionalArray(gc, 'stopSequences', path);
  if (stop) {
    if (stop.some((s) => typeof s !== 'string'))
      throw invalid(`${path}.stopSequences must be strings`, `${path}.stopSequences`);
    if (stop.length > 0) ir.stop = stop as string[];
  }

  const format = decodeResponseFormat(gc, ctx);
  if (format) ir.responseFormat = format;
  const reasoning = decodeThinking(gc);
  if (reasoning) ir.reasoning = reasoning;

  for (const key of Object.keys(gc)) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    // responseModalities ["TEXT"] is the default Gemini CLI spells out; only other modalities are lost.
    const textOnly = camel === 'responseModalities' && JSON.stringify(gc[key]) === '["TEXT"]';
    if (!GENERATION_KEYS.has(camel) && !textOnly) {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `generationConfig.${key} is not supported and was ignored`,
      });
    }
  }
}

function decodeResponseFormat(gc: Json, ctx: CodecContext): IRResponseFormat | undefined {
  const path = 'generationConfig';
  const mime = optionalString(gc, 'responseMimeType', path);
  const jsonSchema = optionalObject(gc, 'responseJsonSchema', path);
  const schema = optionalObject(gc, 'responseSchema', path);
  if (jsonSchema) return { type: 'json_schema', schema: jsonSchema };
  if (schema) return { type: 'json_schema', schema: openApiToJsonSchema(schema) };
  if (mime === 'application/json') return { type: 'json_object' };
  if (mime && mime !== 'text/plain') {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: `responseMimeType "${mime}" is not supported; plain text was requested instead`,
    });
  }
  return undefined;
}

function decodeThinking(gc: Json): IRReasoningConfig | undefined {
  const path = 'generationConfig.thinkingConfig';
  const tc = optionalObject(gc, 'thinkingConfig', 'generationConfig');
  if (!tc) return undefined;
  const out: IRReasoningConfig = {};
  const include = field(tc, 'includeThoughts');
  if (include !== undefined) {
    if (typeof include !== 'boolean')
      throw invalid(`${path}.includeThoughts must be a boolean`, `${path}.includeThoughts`);
    out.includeThoughts = include;
  }
  const budget = optionalNumber(tc, 'thinkingBudget', path);
  if (budget !== undefined) {
    if (!Number.isInteger(budget) || budget < -1) {
      throw invalid(
        `${path}.thinkingBudget must be -1 (dynamic), 0 (off) or a positive integer`,
        `${path}.thinkingBudget`,
      );
    }
    if (budget === -1) {
      out.enabled = true;
      out.adaptive = true;
    } else if (budget === 0) out.enabled = false;
    else {
      out.enabled = true;
      out.budgetTokens = budget;
    }
  }
  const level = optionalString(tc, 'thinkingLevel', path)?.toUpperCase();
  if (level !== undefined && level !== 'THINKING_LEVEL_UNSPECIFIED') {
    const effort = LEVEL_TO_EFFORT[level];
    if (!effort)
      throw invalid(
        `${path}.thinkingLevel must be MINIMAL, LOW, MEDIUM or HIGH (got "${level}")`,
        `${path}.thinkingLevel`,
      );
    out.effort = effort;
    if (budget === undefined) out.enabled = true;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
