// The deterministic "model" behind every inference endpoint. Endpoint readers reduce a request to
// a ScriptInput; the model answers with neutral steps (reasoning, text, tool calls, usage); the
// renderers turn those into each wire format.
import { signReasoning } from './tokens.js';

export interface ToolResultView {
  /** Unknown on protocols whose results do not name the tool. */
  name?: string;
  text: string;
}

export type LastTurn =
  | { kind: 'text'; text: string }
  | { kind: 'tool-results'; results: ToolResultView[] }
  | { kind: 'none' };

export interface ScriptInput {
  /** The model id as the client sent it. */
  model: string;
  system: string;
  last: LastTurn;
  /** Declared tools by name. */
  tools: Map<string, 'function' | 'custom'>;
  reasoning: boolean;
  /** Characters of prompt content (text, tool args and results, tool schemas). */
  promptChars: number;
  /** The user's key for reasoning signatures (default: the fixed key). */
  signingKey?: string;
}

export interface ScriptedCall {
  name: string;
  kind: 'function' | 'custom';
  /** Function tools: the JSON arguments string; custom tools: the raw input. */
  input: string;
}

export interface ScriptUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface ScriptOutput {
  reasoning?: { text: string; signature: string };
  text: string;
  calls: ScriptedCall[];
  usage: ScriptUsage;
}

export interface ToolDirective {
  name: string;
  /** The parsed JSON value after the name (object for function tools, string for custom ones). */
  value: unknown;
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett'];
const MAX_LONG_WORDS = 200_000;

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Finds `[[tool:NAME <json>]]` directives; the JSON is scanned, so `]]` inside it is fine. */
export function parseToolDirectives(text: string): ToolDirective[] {
  const out: ToolDirective[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('[[tool:', from);
    if (start === -1) return out;
    from = start + 7;
    const nameMatch = /^([A-Za-z0-9_.:-]+)\s*/.exec(text.slice(from));
    if (!nameMatch) continue;
    const name = nameMatch[1];
    const jsonStart = from + nameMatch[0].length;
    const jsonEnd = scanJsonValue(text, jsonStart);
    if (jsonEnd === -1) continue;
    const after = text.slice(jsonEnd).match(/^\s*\]\]/);
    if (!after) continue;
    try {
      out.push({ name, value: JSON.parse(text.slice(jsonStart, jsonEnd)) });
      from = jsonEnd + after[0].length;
    } catch {
      // Not JSON after all: ignore this directive.
    }
  }
}

/** End index (exclusive) of the JSON object or string starting at `i`, or -1. */
function scanJsonValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return -1;
  }
  if (first !== '{' && first !== '[') return -1;
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

function longText(n: number): string {
  const count = Math.min(Math.max(0, Math.floor(n)), MAX_LONG_WORDS);
  const words: string[] = new Array(count);
  for (let i = 0; i < count; i++) words[i] = WORDS[i % WORDS.length];
  return words.join(' ');
}

function callsFor(text: string, tools: Map<string, 'function' | 'custom'>): ScriptedCall[] {
  const calls: ScriptedCall[] = [];
  for (const d of parseToolDirectives(text)) {
    const kind = tools.get(d.name);
    if (!kind) continue;
    const asString = typeof d.value === 'string' ? d.value : JSON.stringify(d.value);
    calls.push({ name: d.name, kind, input: asString });
  }
  return calls;
}

export function runScript(input: ScriptInput): ScriptOutput {
  let text: string;
  let calls: ScriptedCall[] = [];
  let promptText = '';
  const last = input.last;
  if (last.kind === 'tool-results') {
    promptText = last.results.map((r) => r.text).join('\n');
    text = last.results
      .map((r) => `${r.name ? `Tool ${r.name} returned` : 'Tool returned'}: ${r.text.slice(0, 200)}`)
      .join('\n');
  } else {
    const userText = last.kind === 'text' ? last.text : '';
    promptText = userText;
    calls = callsFor(userText, input.tools);
    const long = /\[\[long:(\d+)\]\]/.exec(userText);
    if (calls.length > 0) text = `Calling ${[...new Set(calls.map((c) => c.name))].join(', ')}.`;
    else if (userText.includes('[[echo-system]]')) text = input.system.slice(0, 200);
    else if (long) text = longText(Number(long[1]));
    else text = `Hello from ${input.model}! You said: ${userText.slice(0, 200)}`;
  }
  let reasoning: ScriptOutput['reasoning'];
  if (input.reasoning) {
    const r = `Thinking about: ${promptText.slice(0, 60)}`;
    reasoning = { text: r, signature: signReasoning(r, input.signingKey) };
  }
  const inputTokens = Math.max(1, estimateTokens(input.promptChars));
  // A deterministic cache hit for long prompts, in 64-token blocks like real prefix caches.
  const cachedTokens = inputTokens >= 2048 ? Math.floor(inputTokens / 2 / 64) * 64 : 0;
  const reasoningTokens = reasoning ? estimateTokens(reasoning.text.length) : 0;
  const callChars = calls.reduce((n, c) => n + c.name.length + c.input.length, 0);
  const outputTokens = Math.max(1, estimateTokens(text.length + callChars) + reasoningTokens);
  return { reasoning, text, calls, usage: { inputTokens, cachedTokens, outputTokens, reasoningTokens } };
}

/** Splits text into small word-sized deltas (so streaming tests see several). */
export function textDeltas(text: string): string[] {
  if (text.length === 0) return [];
  const parts = text.match(/\s*\S+/g) ?? [text];
  const trailing = text.length - parts.join('').length;
  if (trailing > 0) parts[parts.length - 1] += text.slice(text.length - trailing);
  return parts;
}

/** Splits tool arguments into at least two fragments (the first may be short). */
export function argFragments(args: string): string[] {
  if (args.length < 2) return ['', args];
  const cut1 = Math.max(1, Math.floor(args.length / 3));
  const cut2 = Math.max(cut1 + 1, Math.floor((2 * args.length) / 3));
  return cut2 >= args.length
    ? [args.slice(0, cut1), args.slice(cut1)]
    : [args.slice(0, cut1), args.slice(cut1, cut2), args.slice(cut2)];
}

/** `copilot_usage` (2026+): included models cost nothing. */
export function copilotUsage(usage: ScriptUsage, multiplier: number, cacheWrite = 0) {
  const rate = multiplier > 0 ? 1 : 0;
  const details = [
    {
      token_type: 'input',
      token_count: usage.inputTokens - usage.cachedTokens,
      cost_per_batch: 300_000_000_000 * rate,
    },
    { token_type: 'cache_read', token_count: usage.cachedTokens, cost_per_batch: 30_000_000_000 * rate },
    { token_type: 'cache_write', token_count: cacheWrite, cost_per_batch: 375_000_000_000 * rate },
    { token_type: 'output', token_count: usage.outputTokens, cost_per_batch: 1_500_000_000_000 * rate },
  ].map((d) => ({
    token_type: d.token_type,
    token_count: d.token_count,
    batch_size: 1_000_000,
    cost_per_batch: d.cost_per_batch,
  }));
  const total = details.reduce((n, d) => n + (d.token_count * d.cost_per_batch) / d.batch_size, 0);
  return { total_nano_aiu: Math.round(total), token_details: details };
}
