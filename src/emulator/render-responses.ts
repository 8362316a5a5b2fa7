// Renders a scripted answer as a /responses body or event stream: long opaque ids, reasoning
// items with summaries (and encrypted_content when included), message, function_call and
// custom_tool_call items, sequence numbers on every event, response.completed with usage.
import { sseJson } from '../protocols/sse/write.js';
import { billedUsage } from './billing.js';
import type { ModelView } from './catalogue.js';
import { alnum, opaqueId } from './ids.js';
import { argFragments, type ScriptOutput, textDeltas } from './scripted-model.js';
import { encryptReasoning } from './tokens.js';

type Json = Record<string, unknown>;

export interface ResponsesRenderOptions {
  createdSec: number;
  responsesIdQuirk: boolean;
  body: Json;
  signingKey?: string;
}

interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: { type: 'summary_text'; text: string }[];
  encrypted_content?: string;
}

interface MessageItem {
  id: string;
  type: 'message';
  status: 'completed';
  content: { type: 'output_text'; annotations: unknown[]; logprobs: unknown[]; text: string }[];
  role: 'assistant';
}

interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'completed';
  arguments: string;
  call_id: string;
  name: string;
}

interface CustomToolCallItem {
  id: string;
  type: 'custom_tool_call';
  status: 'completed';
  call_id: string;
  name: string;
  input: string;
}

/** Server-side compaction (`context_management` compact_threshold): opaque, replaces the items before it. */
interface CompactionItem {
  id: string;
  type: 'compaction';
  encrypted_content: string;
}

/** A finished output item, as in output_item.done and the final response. */
type OutputItem = ReasoningItem | MessageItem | FunctionCallItem | CustomToolCallItem | CompactionItem;

/** `context_management: [{type:"compaction", compact_threshold}]` (or one object). */
function compactThreshold(body: Json): number | undefined {
  const cm = body.context_management;
  const list = Array.isArray(cm) ? cm : cm && typeof cm === 'object' ? [cm] : [];
  for (const e of list as Json[]) {
    if (e?.type === 'compaction' && typeof e.compact_threshold === 'number') return e.compact_threshold;
  }
  return undefined;
}

interface PlannedItem {
  /** The id in output_item.added and sub-item events. */
  addedId: string;
  /** The id in output_item.done and the final response (differs only with the quirk on). */
  doneId: string;
  done: OutputItem;
}

function planItems(out: ScriptOutput, opts: ResponsesRenderOptions): PlannedItem[] {
  const items: PlannedItem[] = [];
  const ids = () => {
    const addedId = opaqueId();
    return { addedId, doneId: opts.responsesIdQuirk ? opaqueId() : addedId };
  };
  const threshold = compactThreshold(opts.body);
  if (threshold !== undefined && out.usage.inputTokens > threshold) {
    const id = ids();
    items.push({
      ...id,
      done: {
        id: id.doneId,
        type: 'compaction',
        encrypted_content: encryptReasoning(`compacted ${out.usage.inputTokens} prompt tokens`),
      },
    });
  }
  if (out.reasoning) {
    const id = ids();
    const include: unknown[] = Array.isArray(opts.body.include) ? opts.body.include : [];
    const item: ReasoningItem = {
      id: id.doneId,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: out.reasoning.text }],
    };
    if (include.includes('reasoning.encrypted_content'))
      item.encrypted_content = encryptReasoning(out.reasoning.text, opts.signingKey);
    items.push({ ...id, done: item });
  }
  if (out.text) {
    const id = ids();
    items.push({
      ...id,
      done: {
        id: id.doneId,
        type: 'message',
        status: 'completed',
        content: [{ type: 'output_text', annotations: [], logprobs: [], text: out.text }],
        role: 'assistant',
      },
    });
  }
  for (const c of out.calls) {
    const id = ids();
    const call_id = `call_${alnum(24)}`;
    items.push({
      ...id,
      done:
        c.kind === 'custom'
          ? {
              id: id.doneId,
              type: 'custom_tool_call',
              status: 'completed',
              call_id,
              name: c.name,
              input: c.input,
            }
          : {
              id: id.doneId,
              type: 'function_call',
              status: 'completed',
              arguments: c.input,
              call_id,
              name: c.name,
            },
    });
  }
  return items;
}

function usageOf(out: ScriptOutput) {
  const u = out.usage;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

function envelope(
  id: string,
  model: ModelView,
  opts: ResponsesRenderOptions,
  status: string,
  output: OutputItem[],
  usage: unknown,
): Json {
  const b = opts.body;
  const reasoning = b.reasoning as Json | null | undefined;
  return {
    id,
    object: 'response',
    created_at: opts.createdSec,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model: model.version,
    output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: null,
    prompt_cache_key: b.prompt_cache_key ?? null,
    reasoning: { effort: reasoning?.effort ?? 'none', summary: reasoning?.summary ?? null },
    service_tier: 'priority',
    store: false,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: b.tool_choice ?? 'auto',
    tools: b.tools ?? [],
    top_p: b.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

export function renderResponsesJson(out: ScriptOutput, model: ModelView, opts: ResponsesRenderOptions): Json {
  const items = planItems(out, opts).map((p) => p.done);
  return {
    ...envelope(opaqueId(), model, opts, 'completed', items, usageOf(out)),
    copilot_usage: billedUsage(out.usage, model),
  };
}

export function renderResponsesStream(
  out: ScriptOutput,
  model: ModelView,
  opts: ResponsesRenderOptions,
): string[] {
  const frames: string[] = [];
  let seq = 0;
  const emit = (type: string, payload: Json) =>
    frames.push(sseJson({ type, sequence_number: seq++, ...payload }, type));
  const id = opaqueId();
  const planned = planItems(out, opts);
  emit('response.created', { response: envelope(id, model, opts, 'in_progress', [], null) });
  emit('response.in_progress', { response: envelope(id, model, opts, 'in_progress', [], null) });
  planned.forEach((p, output_index) => {
    const item = p.done;
    const item_id = p.addedId;
    const sub = { item_id, output_index };
    if (item.type === 'reasoning') {
      const added: Json = { id: item_id, type: 'reasoning', summary: [] };
      if (item.encrypted_content !== undefined) added.encrypted_content = item.encrypted_content;
      emit('response.output_item.added', { output_index, item: added });
      const text = item.summary[0].text;
      emit('response.reasoning_summary_part.added', {
        ...sub,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
      for (const d of textDeltas(text))
        emit('response.reasoning_summary_text.delta', { ...sub, summary_index: 0, delta: d });
      emit('response.reasoning_summary_text.done', { ...sub, summary_index: 0, text });
      emit('response.reasoning_summary_part.done', {
        ...sub,
        summary_index: 0,
        part: { type: 'summary_text', text },
      });
    } else if (item.type === 'message') {
      const text = item.content[0].text;
      emit('response.output_item.added', {
        output_index,
        item: { id: item_id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
      });
      const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      emit('response.content_part.added', { ...sub, content_index: 0, part: emptyPart });
      for (const d of textDeltas(text))
        emit('response.output_text.delta', { ...sub, content_index: 0, delta: d, logprobs: [] });
      emit('response.output_text.done', { ...sub, content_index: 0, text, logprobs: [] });
      emit('response.content_part.done', { ...sub, content_index: 0, part: { ...emptyPart, text } });
    } else if (item.type === 'compaction') {
      emit('response.output_item.added', { output_index, item: { ...item, id: item_id } });
    } else if (item.type === 'function_call') {
      emit('response.output_item.added', {
        output_index,
        item: { ...item, id: item_id, status: 'in_progress', arguments: '' },
      });
      for (const f of argFragments(item.arguments))
        emit('response.function_call_arguments.delta', { ...sub, delta: f });
      emit('response.function_call_arguments.done', { ...sub, name: item.name, arguments: item.arguments });
    } else {
      emit('response.output_item.added', {
        output_index,
        item: { ...item, id: item_id, status: 'in_progress', input: '' },
      });
      for (const f of argFragments(item.input))
        emit('response.custom_tool_call_input.delta', { ...sub, delta: f });
      emit('response.custom_tool_call_input.done', { ...sub, input: item.input });
    }
    emit('response.output_item.done', { output_index, item });
  });
  // Copilot's billing block rides at the top level of response.completed, beside `response`
  // (copilot-upstream-2026.md §1), not inside it as in the non-stream body.
  emit('response.completed', {
    response: envelope(
      id,
      model,
      opts,
      'completed',
      planned.map((p) => p.done),
      usageOf(out),
    ),
    copilot_usage: billedUsage(out.usage, model),
  });
  return frames;
}
