// Validates a /responses request as Copilot does (store:false: no previous_response_id, each
// function_call_output needs its function_call, encrypted reasoning must be ours) and reduces it
// to a ScriptInput.
import type { ModelView } from './catalogue.js';
import { openaiError } from './errors.js';
import { rejectOpenAIOverLimit } from './read-limits.js';
import type { ReadRequest } from './read-types.js';
import type { LastTurn, ToolResultView } from './scripted-model.js';
import { decryptReasoning } from './tokens.js';

type Json = Record<string, unknown>;

function contentText(content: unknown, onImage: () => void): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .map((p) => {
      if (p?.type === 'input_image') onImage();
      return (p?.type === 'input_text' || p?.type === 'output_text' || p?.type === 'text') &&
        typeof p.text === 'string'
        ? p.text
        : '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

// Tested against any JSON value (an item's `type`), hence `unknown` members.
const OUTPUT_TYPES = new Set<unknown>(['function_call_output', 'custom_tool_call_output']);
const CALL_TYPES = new Set<unknown>(['function_call', 'custom_tool_call']);

export function readResponses(body: Json, model: ModelView, signingKey?: string): ReadRequest {
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw openaiError(
      `Previous response with id '${String(body.previous_response_id)}' not found.`,
      'previous_response_not_found',
      'previous_response_id',
    );
  }
  if (body.input === undefined)
    throw openaiError("Missing required parameter: 'input'.", 'missing_required_parameter', 'input');
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
    throw openaiError("Invalid type for 'input': expected a string or an array.", 'invalid_type', 'input');
  }
  if (
    body.max_output_tokens !== undefined &&
    body.max_output_tokens !== null &&
    // Number() is the coercion `<` applies to a non-number.
    Number(body.max_output_tokens) < 16
  ) {
    throw openaiError(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${body.max_output_tokens} instead.`,
      'integer_below_min_value',
      'max_output_tokens',
    );
  }
  rejectOpenAIOverLimit(body.max_output_tokens, 'max_output_tokens', model);
  const tools = new Map<string, 'function' | 'custom'>();
  let promptChars = 0;
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools))
      throw openaiError("Invalid type for 'tools': expected an array.", 'invalid_type', 'tools');
    for (const [i, t] of (body.tools as Json[]).entries()) {
      if (t?.type === 'function' || t?.type === 'custom') {
        if (typeof t.name !== 'string' || t.name === '') {
          throw openaiError(
            `Missing required parameter: 'tools[${i}].name'.`,
            'missing_required_parameter',
            `tools[${i}].name`,
          );
        }
        tools.set(t.name, t.type);
      }
    }
    promptChars += JSON.stringify(body.tools).length;
  }
  let hasImages = false;
  const onImage = () => {
    hasImages = true;
  };
  let system = typeof body.instructions === 'string' ? body.instructions : '';
  promptChars += system.length;
  const items: Json[] =
    typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : body.input;
  const callNames = new Map<string, string>();
  for (const [i, raw] of items.entries()) {
    const item = raw?.type === undefined && raw?.role !== undefined ? { ...raw, type: 'message' } : raw;
    const type = item?.type;
    if (type === 'message') {
      const t = contentText(item.content, onImage);
      if (item.role === 'system' || item.role === 'developer') system += (system ? '\n' : '') + t;
      promptChars += t.length;
    } else if (CALL_TYPES.has(type)) {
      if (typeof item.call_id !== 'string') {
        throw openaiError(
          `Missing required parameter: 'input[${i}].call_id'.`,
          'missing_required_parameter',
          `input[${i}].call_id`,
        );
      }
      if (type === 'function_call' && typeof item.arguments !== 'string') {
        throw openaiError(
          `Invalid type for 'input[${i}].arguments': expected a string.`,
          'invalid_type',
          `input[${i}].arguments`,
        );
      }
      callNames.set(item.call_id, String(item.name ?? ''));
      promptChars += String(item.arguments ?? item.input ?? '').length;
    } else if (OUTPUT_TYPES.has(type)) {
      if (typeof item.call_id !== 'string' || !callNames.has(item.call_id)) {
        throw openaiError(
          `No tool call found for function call output with call_id ${String(item.call_id)}.`,
          null,
          'input',
        );
      }
      promptChars += contentText(item.output, onImage).length;
    } else if (type === 'compaction') {
      // The client sends the compaction item back in place of the items it replaced.
      if (decryptReasoning(item.encrypted_content) === undefined) {
        throw openaiError(
          `The encrypted content for item ${String(item.id ?? `input[${i}]`)} could not be verified.`,
          'invalid_encrypted_content',
          null,
        );
      }
    } else if (type === 'reasoning') {
      if (
        item.encrypted_content !== undefined &&
        item.encrypted_content !== null &&
        decryptReasoning(item.encrypted_content, signingKey) === undefined
      ) {
        throw openaiError(
          `The encrypted content for item ${String(item.id ?? `input[${i}]`)} could not be verified.`,
          'invalid_encrypted_content',
          null,
        );
      }
    }
  }
  let last: LastTurn = { kind: 'none' };
  let j = items.length - 1;
  while (j >= 0 && OUTPUT_TYPES.has(items[j]?.type)) j--;
  if (j < items.length - 1) {
    const results: ToolResultView[] = items.slice(j + 1).map((it) => ({
      name: (typeof it.call_id === 'string' && callNames.get(it.call_id)) || undefined,
      text: contentText(it.output, onImage),
    }));
    last = { kind: 'tool-results', results };
  } else {
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if ((it?.type === 'message' || it?.type === undefined) && it?.role === 'user') {
        last = { kind: 'text', text: contentText(it.content, onImage) };
        break;
      }
    }
  }
  const lastItem = items[items.length - 1];
  const effort = (body.reasoning as Json | null | undefined)?.effort;
  return {
    script: {
      // The server found the model by this exact id, so it is a string.
      model: String(body.model),
      system,
      last,
      tools,
      reasoning: typeof effort === 'string' && effort !== 'none',
      promptChars,
    },
    stream: body.stream === true,
    hasImages,
    lastIsPlainUser:
      lastItem !== undefined && lastItem.role === 'user' && (lastItem.type ?? 'message') === 'message',
  };
}
