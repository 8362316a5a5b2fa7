// One adapter per body shape: list the conversation's units, name the fixed part (system prompt,
// tools), and rebuild the body with some units left out (and, for summarize, a summary added to
// the task message). Raw bodies are the parsed client JSON (passthrough); the IR is the decoded
// request (translated paths). Unknown fields are kept as they are.
import type { IRMessage, IRRequest } from '../protocols/ir/types.js';
import type { Unit } from './types.js';

type Json = Record<string, unknown>;

export interface ConversationAdapter<B> {
  /** The units, or undefined when the body has no list to trim (e.g. a string input). */
  units(body: B): Unit[] | undefined;
  /** Values counted once besides the units: system prompt, instructions, tools. */
  base(body: B): unknown[];
  /** A new body keeping the units for which `keep(i)` holds, the summary added to the task. */
  rebuild(body: B, keep: (i: number) => boolean, task: number, summary?: string): B;
}

export const SUMMARY_HEADER =
  'Summary of the earlier part of this conversation (older turns were condensed):';

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);
const summaryText = (s: string) => `${SUMMARY_HEADER}\n${s}`;

// Anthropic Messages ---------------------------------------------------------------------------

export const anthropicAdapter: ConversationAdapter<Json> = {
  units(body) {
    if (!Array.isArray(body.messages)) return undefined;
    // One pass over each message's blocks (this runs over every message of a long transcript).
    return (body.messages as unknown[]).map((m): Unit => {
      const msg = obj(m) ?? {};
      const role = msg.role === 'assistant' ? 'assistant' : msg.role === 'user' ? 'user' : 'other';
      const calls: string[] = [];
      const results: string[] = [];
      let otherThanResults = typeof msg.content === 'string';
      if (Array.isArray(msg.content))
        for (const item of msg.content as unknown[]) {
          const b = obj(item) ?? {};
          if (b.type === 'tool_use' || b.type === 'server_tool_use') {
            if (typeof b.id === 'string') calls.push(b.id);
          } else if (b.type === 'tool_result') {
            if (typeof b.tool_use_id === 'string') results.push(b.tool_use_id);
            continue;
          }
          otherThanResults = true;
        }
      return { role, userText: role === 'user' && otherThanResults, calls, results, value: m };
    });
  },
  base: (body) => [body.system, body.tools],
  rebuild(body, keep, task, summary) {
    const messages = (body.messages as unknown[]).filter((_, i) => keep(i));
    if (summary !== undefined) {
      const first = obj(messages[task]) ?? {};
      const content =
        typeof first.content === 'string'
          ? [{ type: 'text', text: first.content }]
          : [...(first.content as unknown[])];
      content.push({ type: 'text', text: summaryText(summary) });
      messages[task] = { ...first, content };
    }
    return { ...body, messages };
  },
};

// OpenAI Chat Completions ----------------------------------------------------------------------

export const chatAdapter: ConversationAdapter<Json> = {
  units(body) {
    if (!Array.isArray(body.messages)) return undefined;
    return (body.messages as unknown[]).map((m): Unit => {
      const msg = obj(m) ?? {};
      if (msg.role === 'system' || msg.role === 'developer')
        return { role: 'system', userText: false, calls: [], results: [], value: m };
      if (msg.role === 'tool')
        return { role: 'tool', userText: false, calls: [], results: str(msg.tool_call_id), value: m };
      if (msg.role === 'assistant') {
        const calls = Array.isArray(msg.tool_calls)
          ? (msg.tool_calls as unknown[]).flatMap((c) => str(obj(c)?.id))
          : [];
        return { role: 'assistant', userText: false, calls, results: [], value: m };
      }
      const role = msg.role === 'user' ? 'user' : 'other';
      return { role, userText: role === 'user', calls: [], results: [], value: m };
    });
  },
  base: (body) => [body.tools, body.functions],
  rebuild(body, keep, task, summary) {
    const messages = (body.messages as unknown[]).filter((_, i) => keep(i));
    if (summary !== undefined) {
      const first = obj(messages[task]) ?? {};
      const content =
        typeof first.content === 'string'
          ? `${first.content}\n\n${summaryText(summary)}`
          : [...((first.content as unknown[]) ?? []), { type: 'text', text: summaryText(summary) }];
      messages[task] = { ...first, content };
    }
    return { ...body, messages };
  },
};

// OpenAI Responses -----------------------------------------------------------------------------

const RESPONSES_CALLS = new Set([
  'function_call',
  'custom_tool_call',
  'local_shell_call',
  'shell_call',
  'apply_patch_call',
  'computer_call',
]);
const RESPONSES_RESULTS = new Set([
  'function_call_output',
  'custom_tool_call_output',
  'local_shell_call_output',
  'shell_call_output',
  'apply_patch_call_output',
  'computer_call_output',
]);

export const responsesAdapter: ConversationAdapter<Json> = {
  units(body) {
    if (!Array.isArray(body.input)) return undefined;
    return (body.input as unknown[]).map((it): Unit => {
      const item = obj(it) ?? {};
      const type = typeof item.type === 'string' ? item.type : 'message';
      const id = str(item.call_id);
      if (RESPONSES_CALLS.has(type))
        return { role: 'assistant', userText: false, calls: id, results: [], value: it };
      if (RESPONSES_RESULTS.has(type))
        return { role: 'tool', userText: false, calls: [], results: id, value: it };
      if (type === 'reasoning')
        return { role: 'assistant', userText: false, calls: [], results: [], value: it };
      if (type === 'message') {
        if (item.role === 'system' || item.role === 'developer')
          return { role: 'system', userText: false, calls: [], results: [], value: it };
        if (item.role === 'assistant')
          return { role: 'assistant', userText: false, calls: [], results: [], value: it };
        return { role: 'user', userText: true, calls: [], results: [], value: it };
      }
      // compaction items, item references and anything newer: never a cut point.
      return { role: 'other', userText: false, calls: [], results: [], value: it };
    });
  },
  base: (body) => [body.instructions, body.tools],
  rebuild(body, keep, task, summary) {
    const input = (body.input as unknown[]).filter((_, i) => keep(i));
    if (summary !== undefined) {
      input.splice(task + 1, 0, {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: summaryText(summary) }],
      });
    }
    return { ...body, input };
  },
};

// The IR (translated paths, Gemini) -------------------------------------------------------------

export const irAdapter: ConversationAdapter<IRRequest> = {
  units(ir) {
    return ir.messages.map((m): Unit => {
      const calls = m.parts.flatMap((p) => (p.type === 'tool-call' ? [p.callId] : []));
      const results = m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []));
      const userText = m.role === 'user' && m.parts.some((p) => p.type !== 'tool-result');
      return { role: m.role, userText, calls, results, value: m };
    });
  },
  base: (ir) => [ir.system, ir.tools],
  rebuild(ir, keep, task, summary) {
    const messages: IRMessage[] = ir.messages.filter((_, i) => keep(i));
    if (summary !== undefined) {
      const first = messages[task];
      messages[task] = { ...first, parts: [...first.parts, { type: 'text', text: summaryText(summary) }] };
    }
    return { ...ir, messages };
  },
};
