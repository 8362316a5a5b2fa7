// Anthropic Messages request (as Claude Code and @anthropic-ai/sdk send it) → IR request.
// Validates what a person can act on (400 with `param`); anything without a neutral meaning
// (cache_control, citations, beta fields) rides in `meta.anthropic` so a messages → messages
// re-encode keeps it.

import { GatewayError } from '../../errors/gateway-error.js';
import { extend } from '../../util/extend.js';
import type { CodecContext } from '../ir/codec.js';
import { isJsonObject as isObj } from '../ir/json.js';
import type {
  IRContentPart,
  IREffort,
  IRFilePart,
  IRImagePart,
  IRMediaSource,
  IRMessage,
  IRPart,
  IRReasoningConfig,
  IRRequest,
  IRTextPart,
  IRTool,
  IRToolChoice,
} from '../ir/types.js';
import { opaqueFromSignature } from './foreign-reasoning.js';

type Obj = Record<string, unknown>;

/** Top-level fields the codec maps itself; every other field is kept verbatim in meta. */
const KNOWN_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'stream',
  'metadata',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'service_tier',
]);

/** Content block types of Anthropic server tools (run by Anthropic, not by the client). */
const SERVER_TOOL_BLOCKS = /^(server_tool_use|.*_tool_result|mcp_tool_use|container_upload)$/;

const EFFORTS: readonly IREffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

export interface DecodeRequestOptions {
  /** count_tokens bodies carry no max_tokens. */
  requireMaxTokens?: boolean;
}

function fail(message: string, param: string): never {
  throw GatewayError.invalid(message, { param });
}

/** Picks the listed keys of `o` that are present, for meta. */
function pick(o: Obj, keys: string[]): Obj | undefined {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return Object.keys(out).length ? out : undefined;
}

function withMeta<T extends IRPart>(part: T, anthropic: Obj | undefined): T {
  if (anthropic) part.meta = extend(part.meta ?? {}, { anthropic });
  return part;
}

function decodeSource(
  src: unknown,
  path: string,
): { source: IRMediaSource; textSource?: boolean; extra?: Obj } {
  if (!isObj(src)) fail(`${path}: Field required`, path);
  switch (src.type) {
    case 'base64':
      if (typeof src.data !== 'string') fail(`${path}.data: Input should be a valid string`, `${path}.data`);
      if (typeof src.media_type !== 'string')
        fail(`${path}.media_type: Input should be a valid string`, `${path}.media_type`);
      return { source: { kind: 'base64', mediaType: src.media_type, data: src.data } };
    case 'url':
      if (typeof src.url !== 'string') fail(`${path}.url: Input should be a valid string`, `${path}.url`);
      return { source: { kind: 'url', url: src.url } };
    case 'file':
      if (typeof src.file_id !== 'string')
        fail(`${path}.file_id: Input should be a valid string`, `${path}.file_id`);
      return { source: { kind: 'file-id', fileId: src.file_id } };
    case 'text':
      if (typeof src.data !== 'string') fail(`${path}.data: Input should be a valid string`, `${path}.data`);
      // Plain-text documents travel as a base64 text/plain file so other protocols can carry them.
      return {
        source: {
          kind: 'base64',
          mediaType: 'text/plain',
          data: Buffer.from(src.data, 'utf8').toString('base64'),
        },
        textSource: true,
      };
    case 'content': {
      // A "custom content" document: flatten its text blocks, keep the original for Anthropic.
      const c = src.content;
      const text =
        typeof c === 'string'
          ? c
          : Array.isArray(c)
            ? c
                .filter((b): b is Obj => isObj(b) && b.type === 'text' && typeof b.text === 'string')
                .map((b) => b.text as string)
                .join('\n')
            : '';
      return {
        source: {
          kind: 'base64',
          mediaType: 'text/plain',
          data: Buffer.from(text, 'utf8').toString('base64'),
        },
        extra: { contentSource: src },
      };
    }
    default:
      return fail(`${path}.type: unknown source type ${JSON.stringify(src.type)}`, `${path}.type`);
  }
}

function decodeText(b: Obj, path: string): IRTextPart {
  if (typeof b.text !== 'string') fail(`${path}.text: Input should be a valid string`, `${path}.text`);
  return withMeta({ type: 'text', text: b.text }, pick(b, ['cache_control', 'citations']));
}

function decodeImage(b: Obj, path: string): IRImagePart {
  const { source } = decodeSource(b.source, `${path}.source`);
  return withMeta({ type: 'image', source }, pick(b, ['cache_control']));
}

function decodeDocument(b: Obj, path: string): IRFilePart {
  const { source, textSource, extra } = decodeSource(b.source, `${path}.source`);
  if (source.kind === 'url' && !source.mediaType) source.mediaType = 'application/pdf';
  const part: IRFilePart = { type: 'file', source };
  if (typeof b.title === 'string') part.filename = b.title;
  const meta = extend(pick(b, ['cache_control', 'context', 'citations']) ?? {}, extra ?? {});
  if (textSource) meta.textSource = true;
  return withMeta(part, Object.keys(meta).length ? meta : undefined);
}

function decodeToolResultContent(content: unknown, path: string, ctx: CodecContext): IRContentPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) fail(`${path}: Input should be a valid string or list`, path);
  const out: IRContentPart[] = [];
  content.forEach((b, i) => {
    const p = `${path}.${i}`;
    if (!isObj(b)) fail(`${p}: Input should be an object`, p);
    if (b.type === 'text') out.push(decodeText(b, p));
    else if (b.type === 'image') out.push(decodeImage(b, p));
    else if (b.type === 'document') out.push(decodeDocument(b, p));
    else if (b.type === 'search_result') {
      // No neutral equivalent: keep its text so the model still sees it.
      const texts = Array.isArray(b.content)
        ? b.content
            .filter((c): c is Obj => isObj(c) && typeof c.text === 'string')
            .map((c) => c.text as string)
        : [];
      out.push({
        type: 'text',
        text: [b.title, b.source, ...texts].filter((s) => typeof s === 'string').join('\n'),
        meta: { anthropic: { searchResult: b } },
      });
    } else {
      ctx.warnings.push({
        code: 'dropped-content',
        message: `${p}: tool_result block type ${String(b.type)} dropped`,
      });
    }
  });
  return out;
}

function decodeBlock(
  b: unknown,
  path: string,
  role: 'user' | 'assistant',
  ctx: CodecContext,
): IRPart | undefined {
  if (!isObj(b)) fail(`${path}: Input should be an object`, path);
  switch (b.type) {
    case 'text':
      return decodeText(b, path);
    case 'image':
      return decodeImage(b, path);
    case 'document':
      return decodeDocument(b, path);
    case 'tool_use': {
      if (role !== 'assistant') fail(`${path}: tool_use blocks are only allowed in assistant messages`, path);
      if (typeof b.id !== 'string' || !b.id) fail(`${path}.id: Field required`, `${path}.id`);
      if (typeof b.name !== 'string' || !b.name) fail(`${path}.name: Field required`, `${path}.name`);
      const input = b.input === undefined || b.input === null ? {} : b.input;
      if (!isObj(input)) fail(`${path}.input: Input should be an object`, `${path}.input`);
      return withMeta(
        { type: 'tool-call', callId: b.id, name: b.name, arguments: JSON.stringify(input), kind: 'function' },
        pick(b, ['cache_control']),
      );
    }
    case 'tool_result': {
      if (role !== 'user') fail(`${path}: tool_result blocks are only allowed in user messages`, path);
      if (typeof b.tool_use_id !== 'string' || !b.tool_use_id)
        fail(`${path}.tool_use_id: Field required`, `${path}.tool_use_id`);
      const part: IRPart = {
        type: 'tool-result',
        callId: b.tool_use_id,
        content: decodeToolResultContent(b.content, `${path}.content`, ctx),
      };
      if (b.is_error === true) part.isError = true;
      return withMeta(part, pick(b, ['cache_control']));
    }
    case 'thinking': {
      if (typeof b.thinking !== 'string')
        fail(`${path}.thinking: Input should be a valid string`, `${path}.thinking`);
      const part: IRPart = { type: 'reasoning', text: b.thinking };
      if (typeof b.signature === 'string' && b.signature)
        Object.assign(part, opaqueFromSignature(b.signature));
      return part;
    }
    case 'redacted_thinking':
      if (typeof b.data !== 'string') fail(`${path}.data: Input should be a valid string`, `${path}.data`);
      return { type: 'reasoning', text: '', redactedData: b.data };
    default:
      ctx.warnings.push({
        code: 'dropped-content',
        message:
          typeof b.type === 'string' && SERVER_TOOL_BLOCKS.test(b.type)
            ? `${path}: server-tool block ${b.type} cannot be forwarded and was dropped`
            : `${path}: unknown content block type ${JSON.stringify(b.type)} dropped`,
      });
      return undefined;
  }
}

function decodeContent(
  content: unknown,
  path: string,
  role: 'user' | 'assistant',
  ctx: CodecContext,
): IRPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) fail(`${path}: Input should be a valid string or list`, path);
  const parts: IRPart[] = [];
  content.forEach((b, i) => {
    const p = decodeBlock(b, `${path}.${i}`, role, ctx);
    if (p) parts.push(p);
  });
  return parts;
}

function decodeSystem(system: unknown, path: string): IRTextPart[] {
  if (system === undefined || system === null) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ type: 'text', text: system }];
  if (!Array.isArray(system)) fail(`${path}: Input should be a valid string or list of text blocks`, path);
  return system.map((b, i) => {
    const p = `${path}.${i}`;
    if (!isObj(b) || b.type !== 'text') fail(`${p}: system blocks must be text blocks`, p);
    return decodeText(b, p);
  });
}

function decodeTools(tools: unknown): IRTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) fail('tools: Input should be a valid list', 'tools');
  return tools.map((t, i): IRTool => {
    const p = `tools.${i}`;
    if (!isObj(t)) fail(`${p}: Input should be an object`, p);
    if (typeof t.name !== 'string' || !t.name) fail(`${p}.name: Field required`, `${p}.name`);
    const typed = typeof t.type === 'string' && t.type !== 'custom';
    if (typed) {
      // Typed Anthropic tools (bash_*, text_editor_*, web_search_*, computer_*) have no schema.
      return { kind: 'builtin', type: t.type as string, name: t.name, raw: t, origin: 'anthropic' };
    }
    if (!isObj(t.input_schema)) fail(`${p}.input_schema: Field required`, `${p}.input_schema`);
    const { name, description, input_schema, strict, type: _type, ...rest } = t;
    const tool: IRTool = { kind: 'function', name: name as string, parameters: input_schema as Obj };
    if (typeof description === 'string') tool.description = description;
    if (typeof strict === 'boolean') tool.strict = strict;
    // cache_control, input_examples, defer_loading, eager_input_streaming…
    if (Object.keys(rest).length) tool.meta = { anthropic: rest };
    return tool;
  });
}

function decodeToolChoice(tc: unknown, req: IRRequest): void {
  if (tc === undefined || tc === null) return;
  if (!isObj(tc)) fail('tool_choice: Input should be an object', 'tool_choice');
  let choice: IRToolChoice;
  switch (tc.type) {
    case 'auto':
      choice = { type: 'auto' };
      break;
    case 'any':
      choice = { type: 'required' };
      break;
    case 'none':
      choice = { type: 'none' };
      break;
    case 'tool':
      if (typeof tc.name !== 'string' || !tc.name)
        fail('tool_choice.name: Field required', 'tool_choice.name');
      choice = { type: 'tool', name: tc.name };
      break;
    default:
      fail(
        `tool_choice.type: expected one of auto, any, tool, none; got ${JSON.stringify(tc.type)}`,
        'tool_choice.type',
      );
  }
  req.toolChoice = choice;
  if (tc.disable_parallel_tool_use === true) req.parallelToolCalls = false;
}

function decodeThinking(thinking: unknown, outputConfig: unknown): IRReasoningConfig | undefined {
  let r: IRReasoningConfig | undefined;
  if (thinking !== undefined && thinking !== null) {
    if (!isObj(thinking)) fail('thinking: Input should be an object', 'thinking');
    if (thinking.type === 'enabled') {
      const b = thinking.budget_tokens;
      if (typeof b !== 'number' || !Number.isInteger(b) || b < 1)
        fail('thinking.budget_tokens: Input should be a positive integer', 'thinking.budget_tokens');
      r = { enabled: true, budgetTokens: b };
    } else if (thinking.type === 'adaptive') r = { enabled: true, adaptive: true };
    else if (thinking.type === 'disabled') r = { enabled: false };
    else
      fail(
        `thinking.type: expected one of enabled, adaptive, disabled; got ${JSON.stringify(thinking.type)}`,
        'thinking.type',
      );
    if (thinking.display === 'summarized') r.includeThoughts = true;
    else if (thinking.display === 'omitted') r.includeThoughts = false;
  }
  if (isObj(outputConfig) && outputConfig.effort !== undefined) {
    const e = outputConfig.effort;
    if (typeof e !== 'string' || !EFFORTS.includes(e as IREffort))
      fail(`output_config.effort: expected one of low, medium, high, xhigh, max`, 'output_config.effort');
    r = extend(r ?? {}, { effort: e as IREffort });
  }
  return r;
}

function optNumber(body: Obj, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${key}: Input should be a valid number`, key);
  if (v < min || v > max) fail(`${key}: Input should be between ${min} and ${max}`, key);
  return v;
}

export function decodeAnthropicRequest(
  body: unknown,
  ctx: CodecContext,
  options: DecodeRequestOptions = {},
): IRRequest {
  if (!isObj(body)) fail('The request body must be a JSON object', 'body');
  if (typeof body.model !== 'string' || !body.model) fail('model: Field required', 'model');
  const requireMax = options.requireMaxTokens ?? true;
  if (body.max_tokens === undefined || body.max_tokens === null) {
    if (requireMax) fail('max_tokens: Field required', 'max_tokens');
  } else if (
    typeof body.max_tokens !== 'number' ||
    !Number.isInteger(body.max_tokens) ||
    body.max_tokens < 1
  ) {
    fail('max_tokens: Input should be a positive integer', 'max_tokens');
  }
  if (!Array.isArray(body.messages)) fail('messages: Field required (a list of messages)', 'messages');

  const system = decodeSystem(body.system, 'system');
  const messages: IRMessage[] = [];
  body.messages.forEach((m, i) => {
    const p = `messages.${i}`;
    if (!isObj(m)) fail(`${p}: Input should be an object`, p);
    if (m.role === 'system') {
      // Newer SDK types allow system messages; Anthropic semantics = more system prompt.
      system.push(...decodeSystem(m.content, `${p}.content`));
      return;
    }
    if (m.role !== 'user' && m.role !== 'assistant')
      fail(`${p}.role: Input should be 'user' or 'assistant'`, `${p}.role`);
    messages.push({ role: m.role, parts: decodeContent(m.content, `${p}.content`, m.role, ctx) });
  });

  const req: IRRequest = {
    model: body.model,
    system,
    messages,
    tools: decodeTools(body.tools),
    stream: body.stream === true,
  };
  if (typeof body.max_tokens === 'number') req.maxOutputTokens = body.max_tokens;
  decodeToolChoice(body.tool_choice, req);

  const temperature = optNumber(body, 'temperature', 0, 1);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = optNumber(body, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;
  const topK = optNumber(body, 'top_k', 0, Number.MAX_SAFE_INTEGER);
  if (topK !== undefined) req.topK = topK;

  if (body.stop_sequences !== undefined && body.stop_sequences !== null) {
    if (!Array.isArray(body.stop_sequences) || !body.stop_sequences.every((s) => typeof s === 'string'))
      fail('stop_sequences: Input should be a list of strings', 'stop_sequences');
    if (body.stop_sequences.length) req.stop = body.stop_sequences;
  }

  const reasoning = decodeThinking(body.thinking, body.output_config);
  if (reasoning) req.reasoning = reasoning;

  if (isObj(body.output_config) && body.output_config.format !== undefined) {
    const f = body.output_config.format;
    if (!isObj(f) || f.type !== 'json_schema' || !isObj(f.schema))
      fail('output_config.format: expected {type:"json_schema", schema:{…}}', 'output_config.format');
    req.responseFormat = { type: 'json_schema', schema: f.schema };
  }

  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isObj(body.metadata)) fail('metadata: Input should be an object', 'metadata');
    if (typeof body.metadata.user_id === 'string') req.user = body.metadata.user_id;
  }
  if (typeof body.service_tier === 'string') req.serviceTier = body.service_tier;

  // Beta and unknown top-level fields (context_management, mcp_servers, container, cache_control…)
  // are kept so a messages → messages re-encode sends them again.
  const extra: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!KNOWN_FIELDS.has(k) && v !== undefined) extra[k] = v;
  if (isObj(body.output_config)) {
    const { effort: _e, format: _f, ...rest } = body.output_config;
    if (Object.keys(rest).length) extra.output_config = rest;
  }
  if (Object.keys(extra).length) req.meta = { anthropic: { extra } };
  return req;
}
