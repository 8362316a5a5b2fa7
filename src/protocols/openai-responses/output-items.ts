// Builders for the output items and the response object a Responses client receives. Shared by
// the non-streaming encoder and the stream encoder, so `response.completed` carries exactly the
// same items as the non-streaming body would.

import { extend } from '../../util/extend.js';
import { RESPONSES_ID_RULES, sanitizeToolCallId } from '../ir/ids.js';
import type { IRReasoningPart, IRRequest, IRTextPart, IRToolCallPart, IRUsage } from '../ir/types.js';
import { usageToResponses } from './map-usage.js';
import { encodeReasoningEnvelope } from './reasoning-envelope.js';
import type {
  CustomToolCallItem,
  FunctionCallItem,
  MessageItem,
  OutputItem,
  OutputTextPart,
  ReasoningItem,
  RefusalPart,
  ResponsesResponse,
  ResponsesStatus,
} from './wire-types.js';

export const wantsEncryptedReasoning = (req: IRRequest): boolean =>
  req.include?.includes('reasoning.encrypted_content') ?? false;

/** Opaque state for `encrypted_content`: native Responses state as-is, foreign state enveloped. */
export function encryptedContentFor(
  state: Pick<IRReasoningPart, 'text' | 'signature' | 'encryptedContent' | 'redactedData'>,
): string | undefined {
  if (state.encryptedContent) return state.encryptedContent;
  if (state.signature !== undefined || state.redactedData !== undefined) {
    return encodeReasoningEnvelope({
      text: state.text,
      signature: state.signature,
      redactedData: state.redactedData,
    });
  }
  return undefined;
}

export function reasoningItem(id: string, part: IRReasoningPart, includeEncrypted: boolean): ReasoningItem {
  const texts = part.summary ?? (part.text ? [part.text] : []);
  const item: ReasoningItem = {
    id,
    type: 'reasoning',
    summary: texts.map((text) => ({ type: 'summary_text', text })),
  };
  const encrypted = includeEncrypted ? encryptedContentFor(part) : undefined;
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

export const isRefusal = (part: IRTextPart): boolean => part.meta?.['openai-responses']?.refusal === true;

export function messageContentPart(part: IRTextPart): OutputTextPart | RefusalPart {
  return isRefusal(part)
    ? { type: 'refusal', refusal: part.text }
    : { type: 'output_text', text: part.text, annotations: [] };
}

export function messageItem(id: string, parts: IRTextPart[], status = 'completed'): MessageItem {
  return { id, type: 'message', role: 'assistant', status, content: parts.map(messageContentPart) };
}

export function toolCallItem(id: string, part: IRToolCallPart): FunctionCallItem | CustomToolCallItem {
  const callId = sanitizeToolCallId(part.callId, RESPONSES_ID_RULES);
  if (part.kind === 'custom') {
    return {
      id,
      type: 'custom_tool_call',
      status: 'completed',
      call_id: callId,
      name: part.name,
      input: part.arguments,
    };
  }
  return {
    id,
    type: 'function_call',
    status: 'completed',
    call_id: callId,
    name: part.name,
    // Codex drops a call whose arguments are not a string; "" is not valid JSON for a function.
    arguments: part.arguments || '{}',
  };
}

export interface ResponseObjectInput {
  id: string;
  createdAt: number;
  status: ResponsesStatus;
  output: OutputItem[];
  usage?: Partial<IRUsage>;
  incompleteReason?: string;
  error?: { code: string; message: string };
}

/** The full response object, echoing the request settings the way OpenAI does. */
export function responseObject(req: IRRequest, input: ResponseObjectInput): ResponsesResponse {
  const res: ResponsesResponse = {
    id: input.id,
    object: 'response',
    created_at: input.createdAt,
    status: input.status,
    background: false,
    error: input.error ?? null,
    incomplete_details: input.incompleteReason ? { reason: input.incompleteReason } : null,
    instructions: req.system.length > 0 ? req.system.map((p) => p.text).join('\n\n') : null,
    max_output_tokens: req.maxOutputTokens ?? null,
    metadata: req.metadata ?? {},
    model: req.model,
    output: input.output,
    parallel_tool_calls: req.parallelToolCalls ?? true,
    previous_response_id: req.previousResponseId ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    store: req.store ?? true,
    temperature: req.temperature ?? null,
    text: { format: echoFormat(req), verbosity: req.verbosity ?? 'medium' },
    tool_choice: echoToolChoice(req),
    tools: echoTools(req),
    top_p: req.topP ?? null,
    truncation: 'disabled',
    usage: input.status === 'in_progress' ? null : usageToResponses(input.usage),
    user: req.user ?? null,
  };
  // Copilot's billing block beside `usage`, where Copilot's own /responses answer has it.
  if (input.status !== 'in_progress' && input.usage?.copilotUsage !== undefined)
    res.copilot_usage = input.usage.copilotUsage;
  return res;
}

// The response echoes the request's tool settings in Responses form (what OpenAI returns).
function echoTools(req: IRRequest): unknown[] {
  return req.tools.map((t) => {
    if (t.kind === 'builtin') return t.raw;
    if (t.kind === 'custom')
      return { type: 'custom', name: t.name, description: t.description, format: t.format };
    return {
      type: 'function',
      name: t.name,
      description: t.description,
      parameters: t.parameters,
      strict: t.strict,
    };
  });
}

function echoToolChoice(req: IRRequest): unknown {
  const c = req.toolChoice;
  if (!c) return 'auto';
  if (c.type === 'tool') return { type: c.kind ?? 'function', name: c.name };
  if (c.type === 'allowed') {
    return {
      type: 'allowed_tools',
      mode: c.mode,
      tools: c.names.map((name) => ({ type: 'function', name })),
    };
  }
  return c.type;
}

function echoFormat(req: IRRequest): unknown {
  const f = req.responseFormat;
  if (f?.type === 'json_schema') return extend(f, { name: f.name ?? 'response' });
  return { type: f?.type ?? 'text' };
}
