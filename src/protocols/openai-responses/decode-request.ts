// Ingress: a Responses API request (Codex CLI, openai-node `responses.create/stream`) → IR.
// Validation concentrates on what would otherwise turn into an upstream 400 the client cannot
// read, or a silent mistranslation. Items a translation cannot carry are a 400 or a warning,
// never dropped silently.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../ir/codec.js';
import { isJsonObject as isObj, optStr, str, typeName } from '../ir/fields.js';
import { parseDataUrl } from '../ir/media.js';
import type {
  IRContentPart,
  IREffort,
  IRMediaSource,
  IRMessage,
  IRPart,
  IRReasoningPart,
  IRRequest,
  IRResponseFormat,
  IRTextPart,
  IRTool,
  IRToolChoice,
  IRToolKind,
  IRToolResultPart,
} from '../ir/types.js';
import { decodeReasoningEnvelope, isReasoningEnvelope } from './reasoning-envelope.js';

type Obj = Record<string, unknown>;

const KNOWN_PARAMS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'reasoning',
  'text',
  'store',
  'stream',
  'stream_options',
  'previous_response_id',
  'include',
  'metadata',
  'prompt_cache_key',
  'safety_identifier',
  'user',
  'service_tier',
  'truncation',
  'background',
  'top_logprobs',
  'max_tool_calls',
  'prompt',
  'conversation',
]);

/** Items produced by hosted tools: the gateway cannot replay them to another provider. */
const HOSTED_ITEMS = new Set([
  'web_search_call',
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'code_interpreter_call',
  'image_generation_call',
  'mcp_call',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'tool_search_call',
  'tool_search_output',
  'compaction',
]);

const EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);
const SUMMARIES = new Set(['auto', 'concise', 'detailed', 'none']);

function fail(message: string, param?: string): never {
  throw GatewayError.invalid(message, param === undefined ? {} : { param });
}

function optNumber(body: Obj, key: string, min?: number, max?: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(`'${key}' must be a number, got ${typeName(v)}.`, key);
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    fail(`'${key}' must be between ${min ?? '-∞'} and ${max ?? '∞'}, got ${v}.`, key);
  }
  return v;
}

function optString(body: Obj, key: string, param = key): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`'${param}' must be a string, got ${typeName(v)}.`, param);
  return v;
}

function optBool(body: Obj, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`'${key}' must be a boolean, got ${typeName(v)}.`, key);
  return v;
}

/** A data: URL → base64 source; anything else is a URL. */
export function mediaSourceFromUrl(url: string): IRMediaSource {
  return parseDataUrl(url) ?? { kind: 'url', url };
}

function decodeContentPart(part: unknown, param: string): IRContentPart {
  if (!isObj(part)) fail(`${param} must be an object, got ${typeName(part)}.`, param);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text': {
      if (typeof part.text !== 'string') fail(`${param}.text must be a string.`, param);
      return { type: 'text', text: part.text };
    }
    case 'input_image': {
      const detail = optStr(part.detail);
      let source: IRMediaSource;
      if (typeof part.image_url === 'string' && part.image_url) source = mediaSourceFromUrl(part.image_url);
      else if (typeof part.file_id === 'string' && part.file_id)
        source = { kind: 'file-id', fileId: part.file_id };
      else fail(`${param}: an input_image needs an image_url (https or data URL) or a file_id.`, param);
      return detail === undefined ? { type: 'image', source } : { type: 'image', source, detail };
    }
    case 'input_file': {
      const filename = optStr(part.filename);
      let source: IRMediaSource;
      if (typeof part.file_data === 'string' && part.file_data) {
        const s = mediaSourceFromUrl(part.file_data);
        // Bare base64 without a data: prefix is also accepted by OpenAI.
        source =
          s.kind === 'url'
            ? { kind: 'base64', mediaType: guessMediaType(filename), data: part.file_data }
            : s;
      } else if (typeof part.file_url === 'string' && part.file_url)
        source = { kind: 'url', url: part.file_url };
      else if (typeof part.file_id === 'string' && part.file_id)
        source = { kind: 'file-id', fileId: part.file_id };
      else fail(`${param}: an input_file needs file_data, file_url or file_id.`, param);
      return filename === undefined ? { type: 'file', source } : { type: 'file', source, filename };
    }
    default:
      return fail(`${param}: unsupported content part type '${String(part.type)}'.`, param);
  }
}

function guessMediaType(filename: string | undefined): string {
  if (filename?.toLowerCase().endsWith('.pdf')) return 'application/pdf';
  if (filename?.toLowerCase().endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

function decodeMessageContent(content: unknown, role: string, param: string): IRPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) fail(`${param}.content must be a string or an array of parts.`, param);
  return content.map((part, i): IRPart => {
    const p = `${param}.content[${i}]`;
    if (isObj(part) && part.type === 'refusal') {
      if (role !== 'assistant') fail(`${p}: refusal parts are only valid in assistant messages.`, p);
      return {
        type: 'text',
        text: String(part.refusal ?? ''),
        meta: { 'openai-responses': { refusal: true } },
      };
    }
    return decodeContentPart(part, p);
  });
}

function decodeToolOutput(output: unknown, param: string): IRToolResultPart['content'] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  if (Array.isArray(output)) return output.map((part, i) => decodeContentPart(part, `${param}.output[${i}]`));
  return fail(
    `${param}.output must be a string or an array of input_text/input_image/input_file parts.`,
    param,
  );
}

function itemMeta(item: Obj): IRPart['meta'] {
  return typeof item.id === 'string' && item.id ? { 'openai-responses': { id: item.id } } : undefined;
}

function withMeta<T extends IRPart>(part: T, meta: IRPart['meta']): T {
  if (meta) part.meta = meta;
  return part;
}

function decodeReasoning(item: Obj, param: string): IRReasoningPart {
  const summary: string[] = [];
  if (item.summary !== undefined) {
    if (!Array.isArray(item.summary)) fail(`${param}.summary must be an array of summary_text parts.`, param);
    for (const s of item.summary) {
      if (!isObj(s) || typeof s.text !== 'string')
        fail(`${param}.summary entries need a text string.`, param);
      summary.push(s.text);
    }
  }
  const raw = Array.isArray(item.content)
    ? item.content
        .filter(isObj)
        .map((c) => str(c.text))
        .join('')
    : '';
  const part: IRReasoningPart = { type: 'reasoning', text: raw || summary.join('\n\n') };
  if (summary.length > 0) part.summary = summary;
  const encrypted = item.encrypted_content;
  if (isReasoningEnvelope(encrypted as string)) {
    const env = decodeReasoningEnvelope(encrypted as string);
    // The signed text must reach Anthropic byte-exact: the envelope's copy wins over the summary.
    part.text = env.text ?? '';
    if (env.signature !== undefined) part.signature = env.signature;
    if (env.redactedData !== undefined) part.redactedData = env.redactedData;
  } else if (typeof encrypted === 'string' && encrypted) {
    part.encryptedContent = encrypted;
  }
  return withMeta(part, itemMeta(item));
}

function requireString(item: Obj, key: string, param: string): string {
  const v = item[key];
  if (typeof v !== 'string' || (key !== 'arguments' && key !== 'input' && v === '')) {
    fail(`${param}.${key} must be a non-empty string.`, param);
  }
  return v;
}

/** Builds IR messages; `system`/`developer` messages go to `system` in order. */
class MessageBuilder {
  readonly messages: IRMessage[] = [];

  private last(): IRMessage | undefined {
    return this.messages[this.messages.length - 1];
  }

  /** Assistant-side items of one turn (reasoning, message, calls) form one assistant message. */
  assistant(part: IRPart): void {
    const last = this.last();
    if (last?.role === 'assistant') last.parts.push(part);
    else this.messages.push({ role: 'assistant', parts: [part] });
  }

  /** Tool outputs join the user message that holds the previous outputs. */
  toolResult(part: IRToolResultPart): void {
    const last = this.last();
    if (last?.role === 'user' && last.parts.at(-1)?.type === 'tool-result') last.parts.push(part);
    else this.messages.push({ role: 'user', parts: [part] });
  }

  /** A user message right after tool outputs joins them (results first: what Anthropic needs). */
  user(parts: IRPart[]): void {
    const last = this.last();
    if (last?.role === 'user' && last.parts.at(-1)?.type === 'tool-result') last.parts.push(...parts);
    else this.messages.push({ role: 'user', parts });
  }
}

function decodeInput(input: unknown, system: IRTextPart[], ctx: CodecContext): IRMessage[] {
  const b = new MessageBuilder();
  if (input === undefined || input === null) return b.messages;
  if (typeof input === 'string') {
    b.user([{ type: 'text', text: input }]);
    return b.messages;
  }
  if (!Array.isArray(input))
    fail(`'input' must be a string or an array of items, got ${typeName(input)}.`, 'input');
  for (const [i, item] of input.entries()) {
    const param = `input[${i}]`;
    if (!isObj(item)) fail(`${param} must be an object, got ${typeName(item)}.`, param);
    // Easy-input messages omit `type`.
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const role = item.role;
        if (role === 'system' || role === 'developer') {
          for (const part of decodeMessageContent(item.content, 'user', param)) {
            if (part.type !== 'text') fail(`${param}: ${role} messages can only hold text.`, param);
            system.push(part as IRTextPart);
          }
        } else if (role === 'user') {
          b.user(decodeMessageContent(item.content, 'user', param));
        } else if (role === 'assistant') {
          const meta = itemMeta(item);
          for (const part of decodeMessageContent(item.content, 'assistant', param)) {
            if (part.type !== 'text')
              fail(`${param}: assistant messages can only hold output_text or refusal.`, param);
            b.assistant(meta && !part.meta ? withMeta(part, meta) : part);
          }
        } else {
          fail(
            `${param}.role must be one of user, assistant, system, developer; got ${String(role)}.`,
            param,
          );
        }
        continue;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const kind: IRToolKind = type === 'function_call' ? 'function' : 'custom';
        let args: string;
        if (kind === 'function') {
          // Some clients send an object; the IR (and every upstream) wants JSON text.
          args = isObj(item.arguments)
            ? JSON.stringify(item.arguments)
            : requireString(item, 'arguments', param);
        } else {
          args = requireString(item, 'input', param);
        }
        b.assistant(
          withMeta(
            {
              type: 'tool-call',
              callId: requireString(item, 'call_id', param),
              name: requireString(item, 'name', param),
              arguments: args,
              kind,
            },
            itemMeta(item),
          ),
        );
        continue;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const kind: IRToolKind = type === 'function_call_output' ? 'function' : 'custom';
        b.toolResult(
          withMeta(
            {
              type: 'tool-result',
              callId: requireString(item, 'call_id', param),
              content: decodeToolOutput(item.output, param),
              kind,
            },
            itemMeta(item),
          ),
        );
        continue;
      }
      case 'reasoning':
        b.assistant(decodeReasoning(item, param));
        continue;
      case 'local_shell_call': {
        // Codex's built-in shell for models trained on it. Carried as a plain function call so its
        // output (sent as function_call_output) keeps a matching call on other providers.
        ctx.warnings.push({
          code: 'unsupported-tool',
          message: `${param}: local_shell_call is forwarded as a function call named 'local_shell'.`,
        });
        b.assistant({
          type: 'tool-call',
          callId: requireString(item, 'call_id', param),
          name: 'local_shell',
          arguments: JSON.stringify(item.action ?? {}),
          kind: 'function',
          meta: { 'openai-responses': { localShell: true } },
        });
        continue;
      }
      case 'local_shell_call_output':
        b.toolResult({
          type: 'tool-result',
          callId: requireString(item, 'call_id', param),
          content: decodeToolOutput(item.output, param),
          kind: 'function',
        });
        continue;
      case 'item_reference':
        fail(
          `${param}: item_reference is not supported by the gateway (items are not stored); send the full item instead.`,
          param,
        );
        break;
      default:
        if (typeof type === 'string' && HOSTED_ITEMS.has(type)) {
          ctx.warnings.push({
            code: 'dropped-content',
            message: `${param}: '${type}' items come from hosted tools and cannot be replayed; dropped.`,
          });
          continue;
        }
        fail(`${param}: unsupported item type '${String(type)}'.`, param);
    }
  }
  return b.messages;
}

function decodeTools(tools: unknown): IRTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) fail(`'tools' must be an array, got ${typeName(tools)}.`, 'tools');
  return tools.map((tool, i): IRTool => {
    const param = `tools[${i}]`;
    if (!isObj(tool) || typeof tool.type !== 'string') fail(`${param} must be an object with a type.`, param);
    if (tool.type === 'function') {
      if (typeof tool.name !== 'string' || !tool.name)
        fail(`${param}.name must be a non-empty string.`, param);
      if (tool.parameters !== undefined && tool.parameters !== null && !isObj(tool.parameters)) {
        fail(`${param}.parameters must be a JSON Schema object.`, param);
      }
      const out: IRTool = {
        kind: 'function',
        name: tool.name,
        parameters: (tool.parameters as Record<string, unknown> | null) ?? { type: 'object', properties: {} },
      };
      if (typeof tool.description === 'string') out.description = tool.description;
      if (typeof tool.strict === 'boolean') out.strict = tool.strict;
      return out;
    }
    if (tool.type === 'custom') {
      if (typeof tool.name !== 'string' || !tool.name)
        fail(`${param}.name must be a non-empty string.`, param);
      const out: IRTool = { kind: 'custom', name: tool.name };
      if (typeof tool.description === 'string') out.description = tool.description;
      if (tool.format !== undefined) out.format = tool.format;
      return out;
    }
    // Hosted tools are kept verbatim; whether they can be served is decided by the pipeline.
    const out: IRTool = { kind: 'builtin', type: tool.type, raw: tool, origin: 'openai-responses' };
    if (typeof tool.name === 'string') out.name = tool.name;
    return out;
  });
}

function decodeToolChoice(choice: unknown, tools: IRTool[], ctx: CodecContext): IRToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (!isObj(choice) || typeof choice.type !== 'string') {
    fail(`'tool_choice' must be "auto", "none", "required" or an object with a type.`, 'tool_choice');
  }
  if (choice.type === 'function' || choice.type === 'custom') {
    if (typeof choice.name !== 'string' || !choice.name)
      fail(`tool_choice.name must be a string.`, 'tool_choice');
    if (!tools.some((t) => t.kind !== 'builtin' && t.name === choice.name)) {
      fail(`tool_choice names '${choice.name}', which is not in 'tools'.`, 'tool_choice');
    }
    return { type: 'tool', name: choice.name, kind: choice.type };
  }
  if (choice.type === 'allowed_tools') {
    const mode = choice.mode === 'required' ? 'required' : 'auto';
    if (!Array.isArray(choice.tools)) fail(`tool_choice.tools must be an array.`, 'tool_choice');
    const names = choice.tools.map((t) =>
      isObj(t) && typeof t.name === 'string' ? t.name : String(t?.type),
    );
    return { type: 'allowed', names, mode };
  }
  // Forcing a hosted tool ({type:"web_search"}, {type:"mcp",…}) has no neutral form.
  ctx.warnings.push({
    code: 'unsupported-setting',
    message: `tool_choice {type:"${choice.type}"} forces a hosted tool; sent as "required".`,
  });
  return { type: 'required' };
}

function decodeTextFormat(text: unknown): { format?: IRResponseFormat; verbosity?: IRRequest['verbosity'] } {
  if (text === undefined || text === null) return {};
  if (!isObj(text)) fail(`'text' must be an object.`, 'text');
  const out: { format?: IRResponseFormat; verbosity?: IRRequest['verbosity'] } = {};
  if (text.verbosity !== undefined && text.verbosity !== null) {
    if (text.verbosity !== 'low' && text.verbosity !== 'medium' && text.verbosity !== 'high') {
      fail(`text.verbosity must be low, medium or high.`, 'text.verbosity');
    }
    out.verbosity = text.verbosity;
  }
  const f = text.format;
  if (f === undefined || f === null) return out;
  if (!isObj(f)) fail(`text.format must be an object.`, 'text.format');
  if (f.type === 'text' || f.type === 'json_object') out.format = { type: f.type };
  else if (f.type === 'json_schema') {
    if (!isObj(f.schema)) {
      fail(`text.format.schema must be a JSON Schema object (Responses uses the flat form).`, 'text.format');
    }
    const format: IRResponseFormat = { type: 'json_schema', schema: f.schema };
    if (typeof f.name === 'string') format.name = f.name;
    if (typeof f.strict === 'boolean') format.strict = f.strict;
    if (typeof f.description === 'string') format.description = f.description;
    out.format = format;
  } else fail(`text.format.type must be text, json_object or json_schema.`, 'text.format');
  return out;
}

export function decodeRequest(raw: unknown, ctx: CodecContext): IRRequest {
  if (!isObj(raw)) fail(`The request body must be a JSON object, got ${typeName(raw)}.`);
  const body = raw;
  if (typeof body.model !== 'string' || !body.model)
    fail(`'model' is required and must be a string.`, 'model');
  if (body.background === true) {
    fail(`'background: true' is not supported by the gateway; send the request without it.`, 'background');
  }
  if (body.stop !== undefined) {
    fail(`'stop' is not a Responses API parameter (Responses has no stop sequences).`, 'stop');
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_PARAMS.has(key)) {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `Unknown Responses parameter '${key}' ignored.`,
      });
    }
  }

  const system: IRTextPart[] = [];
  const instructions = optString(body, 'instructions');
  if (instructions) system.push({ type: 'text', text: instructions });
  const messages = decodeInput(body.input, system, ctx);
  const tools = decodeTools(body.tools);

  const req: IRRequest = {
    model: body.model,
    system,
    messages,
    tools,
    stream: optBool(body, 'stream') ?? false,
  };
  const toolChoice = decodeToolChoice(body.tool_choice, tools, ctx);
  if (toolChoice) req.toolChoice = toolChoice;
  const parallel = optBool(body, 'parallel_tool_calls');
  if (parallel !== undefined) req.parallelToolCalls = parallel;
  const maxOut = optNumber(body, 'max_output_tokens', 1);
  if (maxOut !== undefined) req.maxOutputTokens = Math.floor(maxOut);
  const temperature = optNumber(body, 'temperature', 0, 2);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = optNumber(body, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;

  if (body.reasoning !== undefined && body.reasoning !== null) {
    if (!isObj(body.reasoning)) fail(`'reasoning' must be an object.`, 'reasoning');
    const { effort, summary } = body.reasoning;
    const reasoning: NonNullable<IRRequest['reasoning']> = {};
    if (effort !== undefined && effort !== null) {
      if (typeof effort !== 'string' || !EFFORTS.has(effort)) {
        fail(`reasoning.effort must be one of none, minimal, low, medium, high, xhigh.`, 'reasoning.effort');
      }
      reasoning.effort = effort as IREffort;
      reasoning.enabled = effort !== 'none';
    }
    if (summary !== undefined && summary !== null) {
      if (typeof summary !== 'string' || !SUMMARIES.has(summary)) {
        fail(`reasoning.summary must be auto, concise or detailed.`, 'reasoning.summary');
      }
      reasoning.summary = summary as NonNullable<typeof reasoning.summary>;
    }
    req.reasoning = reasoning;
  }
  const text = decodeTextFormat(body.text);
  if (text.format) req.responseFormat = text.format;
  if (text.verbosity) req.verbosity = text.verbosity;

  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isObj(body.metadata) || Object.values(body.metadata).some((v) => typeof v !== 'string')) {
      fail(`'metadata' must be an object of string values.`, 'metadata');
    }
    req.metadata = body.metadata as Record<string, string>;
  }
  if (body.include !== undefined && body.include !== null) {
    if (!Array.isArray(body.include) || body.include.some((v) => typeof v !== 'string')) {
      fail(`'include' must be an array of strings.`, 'include');
    }
    req.include = body.include as string[];
  }
  const user = optString(body, 'user');
  const safety = optString(body, 'safety_identifier');
  if (user ?? safety) req.user = user ?? safety;
  const prev = optString(body, 'previous_response_id');
  if (prev) req.previousResponseId = prev;
  const store = optBool(body, 'store');
  if (store !== undefined) req.store = store;
  const cacheKey = optString(body, 'prompt_cache_key');
  if (cacheKey) req.promptCacheKey = cacheKey;
  const tier = optString(body, 'service_tier');
  if (tier) req.serviceTier = tier;

  const meta: Record<string, unknown> = {};
  const truncation = optString(body, 'truncation');
  if (truncation) meta.truncation = truncation;
  if (safety) meta.safetyIdentifier = safety;
  if (Object.keys(meta).length > 0) req.meta = { 'openai-responses': meta };
  return req;
}
