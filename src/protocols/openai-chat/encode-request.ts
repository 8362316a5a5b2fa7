// Egress: IR → a Copilot /chat/completions body. Copilot's chat endpoint is OpenAI Chat with
// quirks (copilot-upstream.md §6): reasoning history goes back as `reasoning_text` +
// `reasoning_opaque`, Claude/Gemini models take `thinking_budget`, GPT-5-class models take
// `reasoning_effort` and `max_completion_tokens`, and only function tools exist.
import type { CodecContext, TargetModel } from '../ir/codec.js';
import { customToolParameters, wrapCustomInput } from '../ir/custom-tools.js';
import {
  budgetFits,
  budgetToEffort,
  clampBudget,
  effortToBudget,
  nearestEffort,
} from '../ir/effort-budget.js';
import type {
  IRContentPart,
  IREffort,
  IRMessage,
  IRRequest,
  IRToolCallPart,
  IRToolChoice,
} from '../ir/types.js';
import { toDataUrl } from './media.js';
import { chatOutputLimitField } from './output-limit-field.js';
import type {
  ChatAssistantMessage,
  ChatFunctionTool,
  ChatMessage,
  ChatTextPart,
  ChatToolCall,
  ChatToolChoice,
  ChatUserPart,
} from './wire-types.js';

export function encodeChatRequest(
  ir: IRRequest,
  target: TargetModel,
  ctx: CodecContext,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: target.id, messages: encodeMessages(ir, ctx) };

  const { tools, toolChoice } = encodeTools(ir, ctx);
  if (tools.length > 0) body.tools = tools;
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (ir.parallelToolCalls !== undefined && tools.length > 0) body.parallel_tool_calls = ir.parallelToolCalls;

  if (ir.maxOutputTokens !== undefined) body[chatOutputLimitField(target)] = ir.maxOutputTokens;
  encodeReasoning(ir, target, body, ctx);

  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  if (ir.stop && ir.stop.length > 0) body.stop = ir.stop;
  if (ir.seed !== undefined) body.seed = ir.seed;
  if (ir.presencePenalty !== undefined) body.presence_penalty = ir.presencePenalty;
  if (ir.frequencyPenalty !== undefined) body.frequency_penalty = ir.frequencyPenalty;
  if (ir.responseFormat) body.response_format = encodeResponseFormat(ir.responseFormat);

  body.stream = ir.stream;
  // Usage only arrives in a stream when asked for; billing and the client's numbers need it.
  if (ir.stream) body.stream_options = { include_usage: true };

  warnUnsupported(ir, ctx);
  return body;
}

function warnUnsupported(ir: IRRequest, ctx: CodecContext): void {
  const warn = (message: string) => ctx.warnings.push({ code: 'unsupported-setting', message });
  if (ir.topK !== undefined) warn('top_k is not supported by Copilot chat completions; ignored');
  if (ir.verbosity !== undefined) warn('verbosity is not supported by Copilot chat completions; ignored');
  if (ir.serviceTier !== undefined)
    warn('service_tier is not supported by Copilot chat completions; ignored');
  if (ir.previousResponseId !== undefined) {
    warn('previous_response_id cannot be sent to Copilot chat completions; only the given input is used');
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

function encodeMessages(ir: IRRequest, ctx: CodecContext): ChatMessage[] {
  // One system message per IR part keeps the parts' boundaries (and their order) intact.
  const out: ChatMessage[] = ir.system.map((p) => ({ role: 'system', content: p.text }));
  for (const msg of ir.messages) {
    if (msg.role === 'assistant') out.push(encodeAssistant(msg, ctx));
    else out.push(...encodeUser(msg, ctx));
  }
  return out;
}

/**
 * Tool results become `tool` messages placed BEFORE anything else of the same user turn (Chat
 * needs a result for every call before any other message, pitfall 2). Tool messages are text
 * only, so images/files from results follow in a user message (pitfall 13).
 */
function encodeUser(msg: IRMessage, ctx: CodecContext): ChatMessage[] {
  const out: ChatMessage[] = [];
  const media: ChatUserPart[] = [];
  const rest: ChatUserPart[] = [];
  for (const part of msg.parts) {
    if (part.type === 'tool-result') {
      const texts: ChatTextPart[] = [];
      for (const c of part.content) {
        if (c.type === 'text') texts.push({ type: 'text', text: c.text });
        else {
          const encoded = encodeContentPart(c, ctx);
          if (encoded) media.push(encoded);
        }
      }
      let content: string | ChatTextPart[] = texts.length === 1 ? texts[0].text : texts;
      if (texts.length === 0) content = media.length > 0 ? '(see the attached content below)' : '';
      if (part.isError) {
        // Chat has no error flag on tool results; say it in the text so the model still knows.
        content =
          typeof content === 'string' ? `Error: ${content}` : [{ type: 'text', text: 'Error:' }, ...content];
      }
      out.push({ role: 'tool', tool_call_id: part.callId, content });
    } else if (part.type === 'reasoning' || part.type === 'tool-call') {
      ctx.warnings.push({
        code: 'dropped-content',
        message: `a ${part.type} part in a user message was dropped`,
      });
    } else {
      const encoded = encodeContentPart(part, ctx);
      if (encoded) rest.push(encoded);
    }
  }
  const userParts = [...media, ...rest];
  if (userParts.length > 0) {
    const onlyText = userParts.length === 1 && userParts[0].type === 'text';
    out.push({ role: 'user', content: onlyText ? (userParts[0] as ChatTextPart).text : userParts });
  } else if (out.length === 0) {
    out.push({ role: 'user', content: '' });
  }
  return out;
}

function encodeContentPart(part: IRContentPart, ctx: CodecContext): ChatUserPart | undefined {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const src = part.source;
  if (part.type === 'image') {
    if (src.kind === 'file-id') {
      ctx.warnings.push({
        code: 'dropped-content',
        message: 'an image given by file id cannot be sent to Copilot',
      });
      return undefined;
    }
    const url = src.kind === 'base64' ? toDataUrl(src.mediaType, src.data) : src.url;
    return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
  }
  const file: { file_data?: string; file_id?: string; filename?: string } = {};
  if (src.kind === 'base64') file.file_data = toDataUrl(src.mediaType, src.data);
  else if (src.kind === 'file-id') file.file_id = src.fileId;
  else {
    ctx.warnings.push({
      code: 'dropped-content',
      message: `a file given by URL (${src.url}) cannot be sent to Copilot chat`,
    });
    return undefined;
  }
  if (part.filename !== undefined) file.filename = part.filename;
  return { type: 'file', file };
}

function encodeAssistant(msg: IRMessage, ctx: CodecContext): ChatAssistantMessage {
  const texts: string[] = [];
  const refusals: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  const reasoningTexts: string[] = [];
  let signature: string | undefined;
  for (const part of msg.parts) {
    if (part.type === 'text') {
      if (part.meta?.['openai-chat']?.refusal === true) refusals.push(part.text);
      else texts.push(part.text);
    } else if (part.type === 'reasoning') {
      // Copilot can only take back its own signed reasoning (reasoning_opaque). Unsigned thinking
      // or another provider's opaque state would be rejected or mislead, so it is dropped.
      if (part.signature) {
        reasoningTexts.push(part.text);
        signature = part.signature;
      } else if (part.text || part.encryptedContent || part.redactedData) {
        ctx.warnings.push({
          code: 'dropped-content',
          message: 'reasoning without a Copilot signature was dropped from the assistant history',
        });
      }
    } else if (part.type === 'tool-call') {
      toolCalls.push(encodeToolCall(part));
    } else {
      ctx.warnings.push({
        code: 'dropped-content',
        message: `a ${part.type} part in an assistant message was dropped`,
      });
    }
  }
  const text = texts.join('');
  const out: ChatAssistantMessage = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
  };
  if (refusals.length > 0) out.refusal = refusals.join('');
  if (signature !== undefined) {
    out.reasoning_text = reasoningTexts.join('');
    out.reasoning_opaque = signature;
  }
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  return out;
}

function encodeToolCall(part: IRToolCallPart): ChatToolCall {
  const fn: { name: string; arguments: string; thought_signature?: string } = {
    name: part.name,
    arguments: part.kind === 'custom' ? wrapCustomInput(part.arguments) : part.arguments || '{}',
  };
  const thoughtSignature = part.meta?.['openai-chat']?.thoughtSignature;
  if (typeof thoughtSignature === 'string') fn.thought_signature = thoughtSignature;
  return { id: part.callId, type: 'function', function: fn };
}

// ---------------------------------------------------------------------------------------------
// Tools

function encodeTools(
  ir: IRRequest,
  ctx: CodecContext,
): { tools: ChatFunctionTool[]; toolChoice?: ChatToolChoice } {
  let tools: ChatFunctionTool[] = [];
  for (const tool of ir.tools) {
    if (tool.kind === 'function') {
      const fn: ChatFunctionTool['function'] = { name: tool.name, parameters: tool.parameters };
      if (tool.description !== undefined) fn.description = tool.description;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      tools.push({ type: 'function', function: fn });
    } else if (tool.kind === 'custom') {
      const fn: ChatFunctionTool['function'] = { name: tool.name, parameters: customToolParameters(tool) };
      if (tool.description !== undefined) fn.description = tool.description;
      tools.push({ type: 'function', function: fn });
    } else {
      ctx.warnings.push({
        code: 'unsupported-tool',
        message: `the built-in tool '${tool.name ?? tool.type}' cannot run on Copilot chat completions; dropped`,
      });
    }
  }
  const choice = ir.toolChoice;
  if (!choice || tools.length === 0)
    return { tools, toolChoice: tools.length > 0 ? choiceToChat(choice) : undefined };
  if (choice.type === 'allowed') {
    // Copilot has no allowed_tools: offering only the allowed tools has the same effect.
    const allowed = new Set(choice.names);
    tools = tools.filter((t) => allowed.has(t.function.name));
    return { tools, toolChoice: tools.length > 0 ? choice.mode : undefined };
  }
  return { tools, toolChoice: choiceToChat(choice) };
}

function choiceToChat(choice: IRToolChoice | undefined): ChatToolChoice | undefined {
  if (!choice) return undefined;
  if (choice.type === 'tool') return { type: 'function', function: { name: choice.name } };
  if (choice.type === 'allowed') return choice.mode;
  return choice.type;
}

// ---------------------------------------------------------------------------------------------
// Reasoning and output format

function encodeReasoning(
  ir: IRRequest,
  target: TargetModel,
  body: Record<string, unknown>,
  ctx: CodecContext,
): void {
  const r = ir.reasoning;
  if (!r) return;
  const efforts = target.reasoningEfforts ?? [];
  const hasBudgetRange = target.minThinkingBudget !== undefined || target.maxThinkingBudget !== undefined;
  const off = r.enabled === false || r.effort === 'none';

  // The effort the client wants, whichever knob it used.
  let wanted: IREffort | undefined = r.effort;
  if (!wanted && r.budgetTokens !== undefined) wanted = budgetToEffort(r.budgetTokens);
  if (!wanted && (r.adaptive || r.enabled)) wanted = 'medium';

  if (efforts.length > 0 && wanted) {
    if (off && !efforts.includes('none')) {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `${target.id} cannot switch reasoning off; it reasons at its default effort`,
      });
    } else {
      const effort = off ? 'none' : nearestEffort(wanted, efforts);
      if (effort) {
        if (effort !== wanted) {
          ctx.warnings.push({
            code: 'clamped',
            message: `reasoning effort '${wanted}' sent as '${effort}' to ${target.id}`,
          });
        }
        body.reasoning_effort = effort;
      }
    }
  }

  if (hasBudgetRange && !off && wanted) {
    const limits = {
      min: target.minThinkingBudget,
      max: target.maxThinkingBudget,
      maxOutputTokens: ir.maxOutputTokens ?? target.maxOutputTokens,
    };
    const budget = clampBudget(r.budgetTokens ?? effortToBudget(wanted), limits);
    if (budgetFits(budget, limits)) {
      if (r.budgetTokens !== undefined && budget !== r.budgetTokens) {
        ctx.warnings.push({
          code: 'clamped',
          message: `thinking budget ${r.budgetTokens} clamped to ${budget}`,
        });
      }
      body.thinking_budget = budget;
    } else {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `thinking needs more output room than max_tokens ${limits.maxOutputTokens} leaves; thinking disabled`,
      });
    }
  }

  if (efforts.length === 0 && !hasBudgetRange && wanted && !off) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: `${target.id} has no reasoning settings; ignored`,
    });
  }
}

function encodeResponseFormat(rf: NonNullable<IRRequest['responseFormat']>): Record<string, unknown> {
  if (rf.type !== 'json_schema') return { type: rf.type };
  const js: Record<string, unknown> = { name: rf.name ?? 'response', schema: rf.schema };
  if (rf.strict !== undefined) js.strict = rf.strict;
  if (rf.description !== undefined) js.description = rf.description;
  return { type: 'json_schema', json_schema: js };
}
