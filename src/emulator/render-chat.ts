// Renders a scripted answer as a /chat/completions body or SSE stream, with Copilot's quirks:
// Azure filter results, no object/created on non-stream bodies, split choices (a Claude model's
// tool calls in a second choice: merged-looking in bodies, choice 1 in streams) and
// reasoning_text/reasoning_opaque for Claude and Gemini models, copilot_usage.
import { SSE_DONE, sseJson } from '../protocols/sse/write.js';
import { billedUsage } from './billing.js';
import type { ModelView } from './catalogue.js';
import { chatId, toolCallId } from './ids.js';
import { argFragments, type ScriptOutput, textDeltas } from './scripted-model.js';

const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTER = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER = [{ content_filter_results: CONTENT_FILTER, prompt_index: 0 }];
const FINGERPRINT = 'fp_ee1d74bde0';

function usageOf(out: ScriptOutput) {
  const u = out.usage;
  return {
    completion_tokens: u.outputTokens,
    completion_tokens_details: {
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
      reasoning_tokens: u.reasoningTokens,
    },
    prompt_tokens: u.inputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

interface RenderedCall {
  id: string;
  name: string;
  args: string;
}

function callsOf(out: ScriptOutput, model: ModelView): RenderedCall[] {
  return out.calls.map((c) => ({
    id: toolCallId(model.vendor === 'Anthropic'),
    name: c.name,
    args: c.input,
  }));
}

export function renderChatJson(out: ScriptOutput, model: ModelView): Record<string, unknown> {
  const calls = callsOf(out, model);
  const finish = calls.length > 0 ? 'tool_calls' : 'stop';
  const toolCalls = calls.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.args },
  }));
  const base = { id: chatId(), model: model.version };
  const usage = usageOf(out);
  const billing = billedUsage(out.usage, model);
  if (model.nonOpenAI) {
    const message: Record<string, unknown> = { content: out.text, role: 'assistant' };
    if (out.reasoning) {
      message.reasoning_text = out.reasoning.text;
      message.reasoning_opaque = out.reasoning.signature;
    }
    const choices: Record<string, unknown>[] = [{ finish_reason: finish, index: 0, message }];
    // The split-choices quirk: tool calls arrive as a second choice with the same index.
    if (calls.length > 0)
      choices.push({
        finish_reason: finish,
        index: 0,
        message: { role: 'assistant', tool_calls: toolCalls },
      });
    return { choices, ...base, usage, copilot_usage: billing };
  }
  const message: Record<string, unknown> = { content: out.text, role: 'assistant' };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    choices: [
      { content_filter_results: CONTENT_FILTER, finish_reason: finish, index: 0, logprobs: null, message },
    ],
    ...base,
    prompt_filter_results: PROMPT_FILTER,
    system_fingerprint: FINGERPRINT,
    usage,
    copilot_usage: billing,
  };
}

export function renderChatStream(
  out: ScriptOutput,
  model: ModelView,
  createdSec: number,
  splitChoices = true,
): string[] {
  const id = chatId();
  // The stream form of split choices: a Claude model's tool-call deltas ride in choice 1, which
  // never gets a finish_reason; choice 0 carries the text and the finish.
  const callChoice = splitChoices && model.vendor === 'Anthropic' ? 1 : 0;
  const calls = callsOf(out, model);
  const frames: string[] = [];
  const extra = model.nonOpenAI ? {} : { system_fingerprint: FINGERPRINT };
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null = null,
    more: Record<string, unknown> = {},
    choice = 0,
  ) =>
    sseJson({
      choices: [{ index: choice, delta, finish_reason: finish }],
      created: createdSec,
      id,
      model: model.version,
      ...extra,
      ...more,
    });
  // Azure sends the prompt filter results first, in a frame with no choices.
  if (!model.nonOpenAI)
    frames.push(sseJson({ choices: [], created: 0, id: '', prompt_filter_results: PROMPT_FILTER }));
  frames.push(chunk({ content: '', role: 'assistant' }));
  if (out.reasoning && model.nonOpenAI) {
    for (const piece of textDeltas(out.reasoning.text))
      frames.push(chunk({ content: '', reasoning_text: piece }));
    frames.push(chunk({ content: '', reasoning_opaque: out.reasoning.signature }));
  }
  for (const piece of textDeltas(out.text)) frames.push(chunk({ content: piece }));
  calls.forEach((c, index) => {
    frames.push(
      chunk(
        {
          tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
        },
        null,
        {},
        callChoice,
      ),
    );
    for (const frag of argFragments(c.args))
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: frag } }] }, null, {}, callChoice));
  });
  frames.push(chunk({}, calls.length > 0 ? 'tool_calls' : 'stop', { usage: usageOf(out) }));
  frames.push(sseJson({ choices: [], copilot_usage: billedUsage(out.usage, model) }));
  frames.push(SSE_DONE);
  return frames;
}
