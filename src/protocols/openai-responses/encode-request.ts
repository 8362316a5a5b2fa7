// Egress: IR → a request for Copilot's `/responses` (used when a non-Responses client reaches a
// responses-only model such as gpt-5-codex). Copilot runs with `store:false`, so nothing may refer
// to stored state: no item ids, no item_reference, no previous_response_id (the gateway's own
// store expands that before we get here). Foreign reasoning (Anthropic signatures) cannot be
// replayed to OpenAI models and is dropped with a warning.
import type { CodecContext, TargetModel } from '../ir/codec.js';
import { RESPONSES_ID_RULES, sanitizeToolCallId } from '../ir/ids.js';
import { normaliseMediaType, toDataUrl } from '../ir/media.js';
import type {
  IRContentPart,
  IREffort,
  IRMessage,
  IRRequest,
  IRTextPart,
  IRTool,
  IRToolChoice,
  IRToolResultPart,
} from '../ir/types.js';
import { isRefusal } from './output-items.js';
import type { InputContentPart, InputItem, ResponsesTool } from './wire-types.js';

const MIN_OUTPUT_TOKENS = 16;
const callId = (id: string) => sanitizeToolCallId(id, RESPONSES_ID_RULES);

function contentPart(part: IRContentPart): InputContentPart {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  const src = part.source;
  if (part.type === 'image') {
    const detail = (part.detail as 'low' | 'high' | 'auto' | undefined) ?? 'auto';
    if (src.kind === 'base64') {
      return {
        type: 'input_image',
        image_url: toDataUrl(normaliseMediaType(src.mediaType), src.data),
        detail,
      };
    }
    if (src.kind === 'url') return { type: 'input_image', image_url: src.url, detail };
    return { type: 'input_image', file_id: src.fileId, detail };
  }
  const file: InputContentPart =
    src.kind === 'base64'
      ? { type: 'input_file', file_data: `data:${src.mediaType};base64,${src.data}` }
      : src.kind === 'url'
        ? { type: 'input_file', file_url: src.url }
        : { type: 'input_file', file_id: src.fileId };
  if (part.filename !== undefined) file.filename = part.filename;
  return file;
}

function toolOutput(part: IRToolResultPart): string | InputContentPart[] {
  // Responses has no error flag on outputs (Anthropic `is_error`): say it in words, as Chat does.
  const prefix = part.isError ? 'Error: ' : '';
  if (part.content.length === 1 && part.content[0]!.type === 'text') return prefix + part.content[0]!.text;
  if (part.content.length === 0) return part.isError ? 'Error' : '';
  const out = part.content.map(contentPart);
  return part.isError ? [{ type: 'input_text', text: 'Error:' }, ...out] : out;
}

function encodeMessages(messages: IRMessage[], ctx: CodecContext): InputItem[] {
  const items: InputItem[] = [];
  let droppedReasoning = 0;
  for (const msg of messages) {
    // Consecutive content parts share one message item; calls, results and reasoning are items.
    let pending: IRContentPart[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      if (msg.role === 'user')
        items.push({ type: 'message', role: 'user', content: pending.map(contentPart) });
      else {
        items.push({
          type: 'message',
          role: 'assistant',
          content: pending.map((p) => {
            const text = p.type === 'text' ? (p as IRTextPart) : undefined;
            if (!text) return { type: 'output_text', text: '', annotations: [] };
            return isRefusal(text)
              ? { type: 'refusal', refusal: text.text }
              : { type: 'output_text', text: text.text, annotations: [] };
          }),
        });
      }
      pending = [];
    };
    for (const part of msg.parts) {
      switch (part.type) {
        case 'text':
          pending.push(part);
          break;
        case 'image':
        case 'file':
          if (msg.role === 'assistant') {
            ctx.warnings.push({
              code: 'dropped-content',
              message: `An assistant ${part.type} cannot be sent to /responses; dropped.`,
            });
          } else pending.push(part);
          break;
        case 'reasoning':
          flush();
          if (part.encryptedContent) {
            const texts = part.summary ?? (part.text ? [part.text] : []);
            items.push({
              type: 'reasoning',
              summary: texts.map((text) => ({ type: 'summary_text', text })),
              encrypted_content: part.encryptedContent,
            });
          } else droppedReasoning++;
          break;
        case 'tool-call':
          flush();
          items.push(
            part.kind === 'custom'
              ? {
                  type: 'custom_tool_call',
                  call_id: callId(part.callId),
                  name: part.name,
                  input: part.arguments,
                }
              : {
                  type: 'function_call',
                  call_id: callId(part.callId),
                  name: part.name,
                  arguments: part.arguments || '{}',
                },
          );
          break;
        case 'tool-result':
          flush();
          items.push({
            type: part.kind === 'custom' ? 'custom_tool_call_output' : 'function_call_output',
            call_id: callId(part.callId),
            output: toolOutput(part),
          });
          break;
      }
    }
    flush();
  }
  if (droppedReasoning > 0) {
    ctx.warnings.push({
      code: 'dropped-content',
      message: `${droppedReasoning} reasoning block(s) from another provider cannot be replayed to /responses; dropped.`,
    });
  }
  return items;
}

function encodeTools(tools: IRTool[], ctx: CodecContext): ResponsesTool[] {
  const out: ResponsesTool[] = [];
  for (const tool of tools) {
    if (tool.kind === 'function') {
      const t: ResponsesTool = {
        type: 'function',
        name: tool.name,
        parameters: tool.parameters,
        // Responses treats a missing `strict` as true, which rejects most real-world schemas.
        strict: tool.strict ?? false,
      };
      if (tool.description !== undefined) t.description = tool.description;
      out.push(t);
    } else if (tool.kind === 'custom') {
      const t: ResponsesTool = { type: 'custom', name: tool.name };
      if (tool.description !== undefined) t.description = tool.description;
      if (tool.format !== undefined) t.format = tool.format;
      out.push(t);
    } else if (tool.origin === 'openai-responses') {
      out.push(tool.raw as ResponsesTool);
    } else {
      ctx.warnings.push({
        code: 'unsupported-tool',
        message: `The ${tool.origin} built-in tool '${tool.name ?? tool.type}' has no /responses equivalent; dropped.`,
      });
    }
  }
  return out;
}

function encodeToolChoice(choice: IRToolChoice, tools: IRTool[]): unknown {
  const kindOf = (name: string) =>
    tools.find((t) => t.kind !== 'builtin' && t.name === name)?.kind === 'custom' ? 'custom' : 'function';
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: choice.kind ?? kindOf(choice.name), name: choice.name };
    case 'allowed':
      return {
        type: 'allowed_tools',
        mode: choice.mode,
        tools: choice.names.map((name) => ({ type: kindOf(name), name })),
      };
  }
}

/** Thinking budgets (Anthropic, Gemini) → effort, by the thresholds in client-protocols.md §5. */
export function effortForBudget(budget: number): IREffort {
  if (budget <= 1024) return 'minimal';
  if (budget <= 4096) return 'low';
  if (budget <= 8192) return 'medium';
  if (budget <= 24576) return 'high';
  return 'xhigh';
}

function encodeReasoning(req: IRRequest, target: TargetModel, ctx: CodecContext) {
  const r = req.reasoning;
  if (!r) return undefined;
  let effort: string | undefined = r.effort;
  if (r.enabled === false && effort === undefined) effort = 'none';
  if (effort === undefined && r.budgetTokens !== undefined) effort = effortForBudget(r.budgetTokens);
  if (effort === 'max') effort = 'xhigh';
  const allowed = target.reasoningEfforts;
  if (
    effort !== undefined &&
    effort !== 'none' &&
    allowed &&
    allowed.length > 0 &&
    !allowed.includes(effort)
  ) {
    const order = ['minimal', 'low', 'medium', 'high', 'xhigh'];
    const want = order.indexOf(effort);
    const nearest = [...allowed].sort(
      (a, b) => Math.abs(order.indexOf(a) - want) - Math.abs(order.indexOf(b) - want),
    )[0]!;
    ctx.warnings.push({
      code: 'clamped',
      message: `reasoning effort '${effort}' is not supported by ${target.id}; using '${nearest}'.`,
    });
    effort = nearest;
  }
  const out: Record<string, unknown> = {};
  if (effort !== undefined) out.effort = effort;
  if (r.summary !== undefined && r.summary !== 'none') out.summary = r.summary;
  else if (r.summary === undefined && effort !== 'none' && r.includeThoughts !== false) out.summary = 'auto';
  return Object.keys(out).length > 0 ? out : undefined;
}

export function encodeRequest(
  req: IRRequest,
  target: TargetModel,
  ctx: CodecContext,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: target.id };
  if (req.system.length > 0) body.instructions = req.system.map((p) => p.text).join('\n\n');
  body.input = encodeMessages(req.messages, ctx);
  if (req.tools.length > 0) body.tools = encodeTools(req.tools, ctx);
  if (req.toolChoice) body.tool_choice = encodeToolChoice(req.toolChoice, req.tools);
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;

  if (req.maxOutputTokens !== undefined) {
    let max = Math.max(MIN_OUTPUT_TOKENS, req.maxOutputTokens);
    if (target.maxOutputTokens !== undefined && max > target.maxOutputTokens) {
      ctx.warnings.push({
        code: 'clamped',
        message: `max output tokens ${max} exceeds ${target.id}'s limit; clamped to ${target.maxOutputTokens}.`,
      });
      max = target.maxOutputTokens;
    }
    body.max_output_tokens = max;
  }
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;

  const reasoning = encodeReasoning(req, target, ctx);
  if (reasoning) body.reasoning = reasoning;
  const reasoningOff = reasoning?.effort === 'none';

  const text: Record<string, unknown> = {};
  const f = req.responseFormat;
  if (f?.type === 'json_schema') {
    const format: Record<string, unknown> = {
      type: 'json_schema',
      name: f.name ?? 'response',
      schema: f.schema,
    };
    if (f.strict !== undefined) format.strict = f.strict;
    if (f.description !== undefined) format.description = f.description;
    text.format = format;
  } else if (f) text.format = { type: f.type };
  if (req.verbosity) text.verbosity = req.verbosity;
  if (Object.keys(text).length > 0) body.text = text;

  body.store = false;
  body.stream = req.stream;
  // Encrypted reasoning is the only way to carry reasoning across turns without storage.
  if (!reasoningOff) body.include = ['reasoning.encrypted_content'];
  if (req.promptCacheKey) body.prompt_cache_key = req.promptCacheKey;

  const unsupported: Array<[string, unknown]> = [
    ['stop sequences', req.stop?.length ? req.stop : undefined],
    ['top_k', req.topK],
    ['seed', req.seed],
    ['presence_penalty', req.presencePenalty],
    ['frequency_penalty', req.frequencyPenalty],
    ['previous_response_id', req.previousResponseId],
    // Session hints with no use for a store-less upstream; Copilot's own clients never send them.
    ['metadata', req.metadata],
    ['user', req.user],
    ['service_tier', req.serviceTier],
  ];
  for (const [name, value] of unsupported) {
    if (value !== undefined) {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `${name} cannot be sent to /responses; ignored.`,
      });
    }
  }
  if (req.n !== undefined && req.n > 1) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: `n=${req.n} is not supported; one answer is returned.`,
    });
  }
  return body;
}
