// Renders a scripted answer as an Anthropic Messages body or SSE stream, as Copilot serves it:
// msg_bdrk_/toolu_bdrk_ ids, a dated model name, context_management, copilot_usage in message_delta.
import { sseJson } from '../protocols/sse/write.js';
import { billedUsage } from './billing.js';
import { datedName, type ModelView } from './catalogue.js';
import { messageId, toolCallId } from './ids.js';
import { argFragments, type ScriptOutput, textDeltas } from './scripted-model.js';

function usageOf(out: ScriptOutput) {
  const u = out.usage;
  return {
    // Anthropic's input_tokens excludes cache reads and cache writes.
    input_tokens: u.inputTokens - u.cachedTokens - (u.cacheWriteTokens ?? 0),
    cache_creation_input_tokens: u.cacheWriteTokens ?? 0,
    cache_read_input_tokens: u.cachedTokens,
    output_tokens: u.outputTokens,
  };
}

/** tool_use.input must be an object; a directive with a non-object value is wrapped. */
function objectInput(args: string): Record<string, unknown> {
  try {
    const v = JSON.parse(args);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // fall through: wrap the raw text
  }
  return { input: args };
}

function contentOf(out: ScriptOutput): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (out.reasoning)
    blocks.push({ type: 'thinking', thinking: out.reasoning.text, signature: out.reasoning.signature });
  if (out.text) blocks.push({ type: 'text', text: out.text });
  for (const c of out.calls)
    blocks.push({ type: 'tool_use', id: toolCallId(true), name: c.name, input: objectInput(c.input) });
  return blocks;
}

export function renderMessagesJson(out: ScriptOutput, model: ModelView): Record<string, unknown> {
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model: datedName(model),
    content: contentOf(out),
    stop_reason: out.calls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { ...usageOf(out), service_tier: 'standard' },
    context_management: { applied_edits: [] },
    copilot_usage: billedUsage(out.usage, model),
  };
}

export function renderMessagesStream(out: ScriptOutput, model: ModelView): string[] {
  const frames: string[] = [];
  const emit = (type: string, payload: Record<string, unknown>) =>
    frames.push(sseJson({ type, ...payload }, type));
  const usage = usageOf(out);
  emit('message_start', {
    message: {
      id: messageId(),
      type: 'message',
      role: 'assistant',
      model: datedName(model),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1, service_tier: 'standard' },
    },
  });
  emit('ping', {});
  let index = 0;
  for (const block of contentOf(out)) {
    if (block.type === 'thinking') {
      emit('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      for (const t of textDeltas(block.thinking as string))
        emit('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: t } });
      emit('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const t of textDeltas(block.text as string))
        emit('content_block_delta', { index, delta: { type: 'text_delta', text: t } });
    } else {
      emit('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      for (const f of argFragments(JSON.stringify(block.input))) {
        emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: f } });
      }
    }
    emit('content_block_stop', { index });
    index++;
  }
  emit('message_delta', {
    delta: { stop_reason: out.calls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage,
    context_management: { applied_edits: [] },
    copilot_usage: billedUsage(out.usage, model),
  });
  emit('message_stop', {});
  return frames;
}
