// Ingress: an OpenAI Chat Completions request from a client → IR. Accepts the standard body plus
// the compat spellings real clients send (reasoning fields of other providers, legacy
// `functions`, `thinking`, Copilot's `thinking_budget`), and answers client mistakes with a 400
// that names the offending parameter.

import type { CodecContext } from '../ir/codec.js';
import { isEffort } from '../ir/effort-budget.js';
import { optStr } from '../ir/fields.js';
import type {
  IRContentPart,
  IRMessage,
  IRPart,
  IRReasoningConfig,
  IRReasoningPart,
  IRRequest,
  IRResponseFormat,
  IRTextPart,
  IRTool,
  IRToolCallPart,
  IRToolChoice,
  IRToolKind,
  IRToolResultPart,
} from '../ir/types.js';
import { mediaTypeFromFilename, parseDataUrl } from './media.js';
import {
  describeType,
  invalid,
  isObject,
  type Json,
  optArray,
  optBoolean,
  optNumber,
  optObject,
  optString,
  reqString,
} from './validate.js';

export function decodeChatRequest(body: unknown, ctx: CodecContext): IRRequest {
  if (!isObject(body)) throw invalid('The request body must be a JSON object', 'body');
  const model = reqString(body, 'model');
  if (!model.trim()) throw invalid("'model' must not be empty", 'model');

  const n = optNumber(body, 'n', { integer: true, min: 1 });
  if (n !== undefined && n > 1) {
    throw invalid(`'n' = ${n} is not supported: this gateway returns exactly one choice (use n: 1)`, 'n');
  }

  const rawMessages = optArray(body, 'messages');
  if (!rawMessages || rawMessages.length === 0)
    throw invalid("'messages' must be a non-empty array", 'messages');
  const { system, messages } = decodeMessages(rawMessages, ctx);

  const req: IRRequest = {
    model,
    system,
    messages,
    tools: decodeTools(body),
    stream: optBoolean(body, 'stream') ?? false,
  };

  const toolChoice = decodeToolChoice(body);
  if (toolChoice) req.toolChoice = toolChoice;
  const parallel = optBoolean(body, 'parallel_tool_calls');
  if (parallel !== undefined) req.parallelToolCalls = parallel;

  const maxTokens =
    optNumber(body, 'max_completion_tokens', { integer: true, min: 1 }) ??
    optNumber(body, 'max_tokens', { integer: true, min: 1 });
  if (maxTokens !== undefined) req.maxOutputTokens = maxTokens;

  setIfDefined(req, 'temperature', optNumber(body, 'temperature', { min: 0, max: 2 }));
  setIfDefined(req, 'topP', optNumber(body, 'top_p', { min: 0, max: 1 }));
  setIfDefined(req, 'topK', optNumber(body, 'top_k', { integer: true, min: 0 }));
  setIfDefined(req, 'seed', optNumber(body, 'seed', { integer: true }));
  setIfDefined(req, 'presencePenalty', optNumber(body, 'presence_penalty', { min: -2, max: 2 }));
  setIfDefined(req, 'frequencyPenalty', optNumber(body, 'frequency_penalty', { min: -2, max: 2 }));
  setIfDefined(req, 'stop', decodeStop(body));

  const reasoning = decodeReasoning(body);
  if (reasoning) req.reasoning = reasoning;
  const responseFormat = decodeResponseFormat(body);
  if (responseFormat) req.responseFormat = responseFormat;

  const verbosity = optString(body, 'verbosity');
  if (verbosity !== undefined) {
    if (verbosity !== 'low' && verbosity !== 'medium' && verbosity !== 'high') {
      throw invalid(`'verbosity' must be low, medium or high, got '${verbosity}'`, 'verbosity');
    }
    req.verbosity = verbosity;
  }

  const streamOptions = optObject(body, 'stream_options');
  if (streamOptions) {
    const include = optBoolean(streamOptions, 'include_usage', 'stream_options.include_usage');
    if (include !== undefined) req.streamIncludeUsage = include;
  }

  setIfDefined(req, 'user', optString(body, 'user') ?? optString(body, 'safety_identifier'));
  setIfDefined(req, 'metadata', decodeMetadata(body));
  setIfDefined(req, 'promptCacheKey', optString(body, 'prompt_cache_key'));
  setIfDefined(req, 'serviceTier', optString(body, 'service_tier'));
  setIfDefined(req, 'store', optBoolean(body, 'store'));
  if (n !== undefined) req.n = n;

  if (body.logprobs === true || body.top_logprobs !== undefined) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'logprobs are not available through Copilot; ignored',
    });
  }
  if (body.logit_bias !== undefined && body.logit_bias !== null) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'logit_bias is not available through Copilot; ignored',
    });
  }
  return req;
}

function setIfDefined<K extends keyof IRRequest>(
  req: IRRequest,
  key: K,
  value: IRRequest[K] | undefined,
): void {
  if (value !== undefined) req[key] = value;
}

// ---------------------------------------------------------------------------------------------
// Messages

interface CallInfo {
  name: string;
  kind: IRToolKind;
}

/** State carried across messages: which call ids exist (to name results), legacy call ids. */
class MessageDecoder {
  readonly system: IRTextPart[] = [];
  readonly messages: IRMessage[] = [];
  private readonly calls = new Map<string, CallInfo>();
  /** Legacy `function_call`s have no id: one is made up and handed to the next `function` result. */
  private readonly legacyIds = new Map<string, string[]>();

  constructor(private readonly ctx: CodecContext) {}

  decode(raw: unknown[]): void {
    let i = 0;
    while (i < raw.length) {
      const msg = raw[i];
      const param = `messages[${i}]`;
      if (!isObject(msg)) throw invalid(`'${param}' must be an object, got ${describeType(msg)}`, param);
      const role = msg.role;
      if (role === 'tool' || role === 'function') {
        // Consecutive results, plus a following user message, become ONE IR user message with the
        // results first: the shape Anthropic and Gemini demand (pitfall 1).
        const parts: IRPart[] = [];
        while (i < raw.length && isObject(raw[i]) && (raw[i] as Json).role === 'tool') {
          parts.push(this.toolResult(raw[i] as Json, `messages[${i}]`));
          i++;
        }
        while (i < raw.length && isObject(raw[i]) && (raw[i] as Json).role === 'function') {
          parts.push(this.functionResult(raw[i] as Json, `messages[${i}]`));
          i++;
        }
        if (i < raw.length && isObject(raw[i]) && (raw[i] as Json).role === 'tool') continue;
        if (i < raw.length && isObject(raw[i]) && (raw[i] as Json).role === 'user') {
          parts.push(...this.userParts(raw[i] as Json, `messages[${i}]`));
          i++;
        }
        this.pushUser(parts);
        continue;
      }
      if (role === 'system' || role === 'developer') this.systemMessage(msg, param, role);
      else if (role === 'user') this.pushUser(this.userParts(msg, param));
      else if (role === 'assistant') this.assistant(msg, param);
      else {
        throw invalid(
          `'${param}.role' must be one of system, developer, user, assistant, tool; got ${JSON.stringify(role)}`,
          `${param}.role`,
        );
      }
      i++;
    }
  }

  /** Merges with a previous user message that holds only tool results (tool, tool, …, user). */
  private pushUser(parts: IRPart[]): void {
    const last = this.messages[this.messages.length - 1];
    if (last?.role === 'user' && parts.every((p) => p.type === 'tool-result') && parts.length > 0) {
      if (last.parts.every((p) => p.type === 'tool-result')) {
        last.parts.push(...parts);
        return;
      }
    }
    this.messages.push({ role: 'user', parts });
  }

  private systemMessage(msg: Json, param: string, role: string): void {
    const texts = textContent(msg.content, `${param}.content`);
    for (const text of texts) {
      const part: IRTextPart = { type: 'text', text };
      if (role === 'developer') part.meta = { 'openai-chat': { role: 'developer' } };
      this.system.push(part);
    }
  }

  private userParts(msg: Json, param: string): IRContentPart[] {
    const content = msg.content;
    if (typeof content === 'string') return [{ type: 'text', text: content }];
    if (!Array.isArray(content)) {
      throw invalid(`'${param}.content' must be a string or an array of parts`, `${param}.content`);
    }
    const parts: IRContentPart[] = [];
    content.forEach((part, j) => {
      const decoded = this.userPart(part, `${param}.content[${j}]`);
      if (decoded) parts.push(decoded);
    });
    return parts;
  }

  private userPart(part: unknown, param: string): IRContentPart | undefined {
    if (!isObject(part)) throw invalid(`'${param}' must be an object`, param);
    switch (part.type) {
      case 'text':
        return { type: 'text', text: reqString(part, 'text', `${param}.text`) };
      case 'image_url': {
        const image = part.image_url;
        const obj = typeof image === 'string' ? { url: image } : image;
        if (!isObject(obj))
          throw invalid(`'${param}.image_url' must be an object with a url`, `${param}.image_url`);
        const url = reqString(obj, 'url', `${param}.image_url.url`);
        const detail = optString(obj, 'detail', `${param}.image_url.detail`);
        const source =
          parseDataUrl(url, `${param}.image_url.url`) ??
          (/^https?:\/\//i.test(url) ? { kind: 'url' as const, url } : undefined);
        if (!source) {
          throw invalid(
            `'${param}.image_url.url' must be an https URL or a data: URL`,
            `${param}.image_url.url`,
          );
        }
        return detail === undefined ? { type: 'image', source } : { type: 'image', source, detail };
      }
      case 'file': {
        const file = part.file;
        if (!isObject(file)) throw invalid(`'${param}.file' must be an object`, `${param}.file`);
        const filename = optString(file, 'filename', `${param}.file.filename`);
        const data = optString(file, 'file_data', `${param}.file.file_data`);
        const fileId = optString(file, 'file_id', `${param}.file.file_id`);
        const source = data
          ? (parseDataUrl(data, `${param}.file.file_data`) ?? {
              kind: 'base64' as const,
              mediaType: mediaTypeFromFilename(filename),
              data,
            })
          : fileId
            ? { kind: 'file-id' as const, fileId }
            : undefined;
        if (!source) throw invalid(`'${param}.file' needs file_data or file_id`, `${param}.file`);
        return filename === undefined ? { type: 'file', source } : { type: 'file', source, filename };
      }
      case 'input_audio':
        this.ctx.warnings.push({
          code: 'dropped-content',
          message: `${param}: audio input is not supported through Copilot; the audio part was dropped`,
        });
        return undefined;
      default:
        throw invalid(
          `'${param}.type' must be text, image_url, file or input_audio; got ${JSON.stringify(part.type)}`,
          `${param}.type`,
        );
    }
  }

  private assistant(msg: Json, param: string): void {
    const parts: IRPart[] = [];
    const reasoning = reasoningPart(msg, param);
    if (reasoning) parts.push(reasoning);

    const content = msg.content;
    if (typeof content === 'string') {
      if (content) parts.push({ type: 'text', text: content });
    } else if (Array.isArray(content)) {
      content.forEach((p, j) => {
        const pp = `${param}.content[${j}]`;
        if (!isObject(p)) throw invalid(`'${pp}' must be an object`, pp);
        if (p.type === 'text') parts.push({ type: 'text', text: reqString(p, 'text', `${pp}.text`) });
        else if (p.type === 'refusal') parts.push(refusalPart(reqString(p, 'refusal', `${pp}.refusal`)));
        else throw invalid(`'${pp}.type' must be text or refusal in an assistant message`, `${pp}.type`);
      });
    } else if (content !== undefined && content !== null) {
      throw invalid(`'${param}.content' must be a string, an array of parts or null`, `${param}.content`);
    }
    const refusal = optString(msg, 'refusal', `${param}.refusal`);
    if (refusal) parts.push(refusalPart(refusal));

    const toolCalls = optArray(msg, 'tool_calls', `${param}.tool_calls`) ?? [];
    toolCalls.forEach((tc, j) => {
      parts.push(this.toolCall(tc, `${param}.tool_calls[${j}]`));
    });
    const fc = optObject(msg, 'function_call', `${param}.function_call`);
    if (fc) {
      const name = reqString(fc, 'name', `${param}.function_call.name`);
      const callId = this.ctx.newId('call_');
      const queue = this.legacyIds.get(name) ?? [];
      queue.push(callId);
      this.legacyIds.set(name, queue);
      this.calls.set(callId, { name, kind: 'function' });
      parts.push({
        type: 'tool-call',
        callId,
        name,
        arguments: jsonArguments(fc.arguments),
        kind: 'function',
      });
    }
    this.messages.push({ role: 'assistant', parts });
  }

  private toolCall(tc: unknown, param: string): IRToolCallPart {
    if (!isObject(tc)) throw invalid(`'${param}' must be an object`, param);
    const callId = reqString(tc, 'id', `${param}.id`);
    if (tc.type === 'custom') {
      const custom = optObject(tc, 'custom', `${param}.custom`);
      if (!custom) throw invalid(`'${param}.custom' is required for a custom tool call`, `${param}.custom`);
      const name = reqString(custom, 'name', `${param}.custom.name`);
      this.calls.set(callId, { name, kind: 'custom' });
      return { type: 'tool-call', callId, name, arguments: optString(custom, 'input') ?? '', kind: 'custom' };
    }
    const fn = optObject(tc, 'function', `${param}.function`);
    if (!fn) throw invalid(`'${param}.function' is required`, `${param}.function`);
    const name = reqString(fn, 'name', `${param}.function.name`);
    this.calls.set(callId, { name, kind: 'function' });
    const part: IRToolCallPart = {
      type: 'tool-call',
      callId,
      name,
      arguments: jsonArguments(fn.arguments),
      kind: 'function',
    };
    // Gemini models on Copilot sign their calls; the signature must come back verbatim.
    if (typeof fn.thought_signature === 'string')
      part.meta = { 'openai-chat': { thoughtSignature: fn.thought_signature } };
    return part;
  }

  private toolResult(msg: Json, param: string): IRToolResultPart {
    const callId = reqString(msg, 'tool_call_id', `${param}.tool_call_id`);
    const texts = textContent(msg.content, `${param}.content`);
    const part: IRToolResultPart = {
      type: 'tool-result',
      callId,
      content: texts.map((text) => ({ type: 'text', text })),
    };
    const info = this.calls.get(callId);
    if (info) {
      part.name = info.name;
      part.kind = info.kind;
    }
    return part;
  }

  private functionResult(msg: Json, param: string): IRToolResultPart {
    const name = reqString(msg, 'name', `${param}.name`);
    const callId = this.legacyIds.get(name)?.shift() ?? this.ctx.newId('call_');
    const content = msg.content;
    const text =
      typeof content === 'string' ? content : content === null || content === undefined ? '' : undefined;
    if (text === undefined) throw invalid(`'${param}.content' must be a string`, `${param}.content`);
    return { type: 'tool-result', callId, name, kind: 'function', content: [{ type: 'text', text }] };
  }
}

function decodeMessages(raw: unknown[], ctx: CodecContext): { system: IRTextPart[]; messages: IRMessage[] } {
  const decoder = new MessageDecoder(ctx);
  decoder.decode(raw);
  return { system: decoder.system, messages: decoder.messages };
}

/** A string, or an array of text parts (system, developer and tool messages are text only). */
function textContent(content: unknown, param: string): string[] {
  if (typeof content === 'string') return [content];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw invalid(`'${param}' must be a string or an array of text parts`, param);
  return content.map((p, j) => {
    if (!isObject(p) || p.type !== 'text' || typeof p.text !== 'string') {
      throw invalid(`'${param}[${j}]' must be a text part ({type:"text",text})`, `${param}[${j}]`);
    }
    return p.text;
  });
}

function refusalPart(text: string): IRTextPart {
  return { type: 'text', text, meta: { 'openai-chat': { refusal: true } } };
}

/** Every reasoning spelling clients echo back → one reasoning part (placed first). */
function reasoningPart(msg: Json, param: string): IRReasoningPart | undefined {
  const text =
    optString(msg, 'reasoning_content', `${param}.reasoning_content`) ??
    optStr(msg.reasoning) ??
    optString(msg, 'reasoning_text', `${param}.reasoning_text`);
  const signature = optString(msg, 'reasoning_opaque', `${param}.reasoning_opaque`);
  if (!text && !signature) return undefined;
  const part: IRReasoningPart = { type: 'reasoning', text: text ?? '' };
  if (signature) part.signature = signature;
  return part;
}

/** Arguments are a JSON string; objects (sent by sloppy clients) are serialised, empty → `{}`. */
function jsonArguments(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? '{}' : value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Tools

const EMPTY_SCHEMA = { type: 'object', properties: {} };

function decodeTools(body: Json): IRTool[] {
  const tools: IRTool[] = [];
  (optArray(body, 'tools') ?? []).forEach((t, i) => {
    const param = `tools[${i}]`;
    if (!isObject(t)) throw invalid(`'${param}' must be an object`, param);
    if (t.type === 'function') {
      const fn = optObject(t, 'function', `${param}.function`);
      if (!fn) throw invalid(`'${param}.function' is required`, `${param}.function`);
      tools.push(functionTool(fn, `${param}.function`));
    } else if (t.type === 'custom') {
      const custom = optObject(t, 'custom', `${param}.custom`);
      if (!custom) throw invalid(`'${param}.custom' is required`, `${param}.custom`);
      const tool: IRTool = { kind: 'custom', name: reqString(custom, 'name', `${param}.custom.name`) };
      const description = optString(custom, 'description', `${param}.custom.description`);
      if (description !== undefined) tool.description = description;
      if (custom.format !== undefined) tool.format = custom.format;
      tools.push(tool);
    } else if (typeof t.type === 'string') {
      tools.push({ kind: 'builtin', type: t.type, raw: t, origin: 'openai-chat' });
    } else {
      throw invalid(`'${param}.type' is required (usually "function")`, `${param}.type`);
    }
  });
  (optArray(body, 'functions') ?? []).forEach((f, i) => {
    if (!isObject(f)) throw invalid(`'functions[${i}]' must be an object`, `functions[${i}]`);
    tools.push(functionTool(f, `functions[${i}]`));
  });
  return tools;
}

function functionTool(fn: Json, param: string): IRTool {
  const name = reqString(fn, 'name', `${param}.name`);
  if (!name) throw invalid(`'${param}.name' must not be empty`, `${param}.name`);
  const tool: IRTool = {
    kind: 'function',
    name,
    parameters: optObject(fn, 'parameters', `${param}.parameters`) ?? EMPTY_SCHEMA,
  };
  const description = optString(fn, 'description', `${param}.description`);
  if (description !== undefined) tool.description = description;
  const strict = optBoolean(fn, 'strict', `${param}.strict`);
  if (strict !== undefined) tool.strict = strict;
  return tool;
}

function namedChoice(value: Json, param: string): { name: string; kind: IRToolKind } {
  if (value.type === 'custom') {
    const custom = optObject(value, 'custom', `${param}.custom`);
    if (!custom) throw invalid(`'${param}.custom' is required`, `${param}.custom`);
    return { name: reqString(custom, 'name', `${param}.custom.name`), kind: 'custom' };
  }
  if (value.type === 'function') {
    const fn = optObject(value, 'function', `${param}.function`);
    if (!fn) throw invalid(`'${param}.function' is required`, `${param}.function`);
    return { name: reqString(fn, 'name', `${param}.function.name`), kind: 'function' };
  }
  throw invalid(`'${param}.type' must be function, custom or allowed_tools`, `${param}.type`);
}

function decodeToolChoice(body: Json): IRToolChoice | undefined {
  const choice = body.tool_choice ?? body.function_call;
  const param = body.tool_choice !== undefined ? 'tool_choice' : 'function_call';
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (!isObject(choice)) throw invalid(`'${param}' must be "auto", "none", "required" or an object`, param);
  if (param === 'function_call')
    return { type: 'tool', name: reqString(choice, 'name', 'function_call.name'), kind: 'function' };
  if (choice.type === 'allowed_tools') {
    const allowed = optObject(choice, 'allowed_tools', 'tool_choice.allowed_tools');
    if (!allowed) throw invalid("'tool_choice.allowed_tools' is required", 'tool_choice.allowed_tools');
    const mode = allowed.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'required') {
      throw invalid(
        "'tool_choice.allowed_tools.mode' must be auto or required",
        'tool_choice.allowed_tools.mode',
      );
    }
    const list = optArray(allowed, 'tools', 'tool_choice.allowed_tools.tools') ?? [];
    const names = list.map((t, i) => {
      const p = `tool_choice.allowed_tools.tools[${i}]`;
      if (!isObject(t)) throw invalid(`'${p}' must be an object`, p);
      return namedChoice(t, p).name;
    });
    return { type: 'allowed', names, mode };
  }
  const named = namedChoice(choice, 'tool_choice');
  return { type: 'tool', name: named.name, kind: named.kind };
}

// ---------------------------------------------------------------------------------------------
// Other settings

function decodeStop(body: Json): string[] | undefined {
  const stop = body.stop;
  if (stop === undefined || stop === null) return undefined;
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop as string[];
  throw invalid("'stop' must be a string or an array of strings", 'stop');
}

function effortFrom(value: string, param: string) {
  if (!isEffort(value)) {
    throw invalid(`'${param}' must be one of none, minimal, low, medium, high, xhigh; got '${value}'`, param);
  }
  return value;
}

function decodeReasoning(body: Json): IRReasoningConfig | undefined {
  const out: IRReasoningConfig = {};
  const thinking = optObject(body, 'thinking');
  if (thinking) {
    if (thinking.type === 'disabled') out.enabled = false;
    else if (thinking.type === 'adaptive') out.adaptive = true;
    else if (thinking.type === 'enabled') {
      out.enabled = true;
      const budget = optNumber(
        thinking,
        'budget_tokens',
        { integer: true, min: 0 },
        'thinking.budget_tokens',
      );
      if (budget !== undefined) out.budgetTokens = budget;
    } else throw invalid("'thinking.type' must be enabled, disabled or adaptive", 'thinking.type');
  }
  const compat = optObject(body, 'reasoning');
  if (compat) {
    const effort = optString(compat, 'effort', 'reasoning.effort');
    if (effort !== undefined) out.effort = effortFrom(effort, 'reasoning.effort');
    const budget = optNumber(compat, 'max_tokens', { integer: true, min: 0 }, 'reasoning.max_tokens');
    if (budget !== undefined) out.budgetTokens = budget;
    const enabled = optBoolean(compat, 'enabled', 'reasoning.enabled');
    if (enabled !== undefined) out.enabled = enabled;
  }
  const copilotBudget = optNumber(body, 'thinking_budget', { integer: true, min: 0 });
  if (copilotBudget !== undefined) out.budgetTokens = copilotBudget;
  const effort = optString(body, 'reasoning_effort');
  if (effort !== undefined) out.effort = effortFrom(effort, 'reasoning_effort');
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeResponseFormat(body: Json): IRResponseFormat | undefined {
  const rf = optObject(body, 'response_format');
  if (!rf) return undefined;
  if (rf.type === 'text' || rf.type === 'json_object') return { type: rf.type };
  if (rf.type === 'json_schema') {
    const js = optObject(rf, 'json_schema', 'response_format.json_schema');
    if (!js)
      throw invalid(
        "'response_format.json_schema' is required for type json_schema",
        'response_format.json_schema',
      );
    const schema = optObject(js, 'schema', 'response_format.json_schema.schema');
    if (!schema)
      throw invalid("'response_format.json_schema.schema' is required", 'response_format.json_schema.schema');
    const out: IRResponseFormat = { type: 'json_schema', schema };
    const name = optString(js, 'name', 'response_format.json_schema.name');
    if (name !== undefined) out.name = name;
    const strict = optBoolean(js, 'strict', 'response_format.json_schema.strict');
    if (strict !== undefined) out.strict = strict;
    const description = optString(js, 'description', 'response_format.json_schema.description');
    if (description !== undefined) out.description = description;
    return out;
  }
  throw invalid("'response_format.type' must be text, json_object or json_schema", 'response_format.type');
}

function decodeMetadata(body: Json): Record<string, string> | undefined {
  const md = optObject(body, 'metadata');
  if (!md) return undefined;
  for (const [k, v] of Object.entries(md)) {
    if (typeof v !== 'string') throw invalid(`'metadata.${k}' must be a string`, `metadata.${k}`);
  }
  return md as Record<string, string>;
}
