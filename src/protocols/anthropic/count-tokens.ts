// Token estimate for Anthropic `count_tokens` (Claude Code calls it constantly for /context and
// compaction). Copilot has no count endpoint for Claude, so we estimate locally with the model's
// catalogue tokenizer (o200k_base / cl100k_base, via gpt-tokenizer) and calibrate toward Claude's
// own tokenizer. Method and figures: docs/token-counting.md.
import { createRequire } from 'node:module';
import type { IRContentPart, IRPart, IRRequest, IRTool } from '../ir/types.js';
import { countWindows } from './count-windows.js';
import { decodeAnthropicRequest } from './decode-request.js';

export type TokenizerName = 'o200k_base' | 'cl100k_base';

// The BPE tables are large (tens of MB, ~100 ms to load): each one is required on first use, not
// at startup, so a gateway that never counts tokens never pays for them. Node's module cache
// keeps the loaded table; no cache of our own.
const requireCjs = createRequire(import.meta.url);

/**
 * gpt-tokenizer memoises every distinct pre-tokenised piece it merges, up to 100,000 entries by
 * default, and keeps them for the life of the process: with client-chosen text (fuzzing, base64
 * blobs, long runs) that was hundreds of MB never returned. 4,096 pieces of at most 512
 * characters (count-windows.ts) bound it to a few MB and keep the hits that matter (common words).
 */
export const MERGE_CACHE_ENTRIES = 4096;

interface Encoding {
  countTokens: (s: string) => number;
  setMergeCacheSize: (n: number) => void;
}

function loadCounter(tokenizer: TokenizerName): (s: string) => number {
  const encoding = requireCjs(`gpt-tokenizer/encoding/${tokenizer}`) as Encoding;
  encoding.setMergeCacheSize(MERGE_CACHE_ENTRIES);
  return encoding.countTokens;
}

/**
 * Claude's tokenizer produces more tokens than o200k_base for the same text. Anthropic's own
 * migration notes for Claude 4.x tokenizers speak of 1.0–1.35× more tokens than earlier Claude
 * models depending on content, and community comparisons against o200k land around 1.1–1.2× for
 * English prose and code; 1.15 sits in the middle. Overestimating slightly is the safe side:
 * Claude Code compacts a little early instead of hitting "prompt is too long".
 */
export const CLAUDE_CALIBRATION = 1.15;
/** Role markers and turn separators per message (the same order of magnitude as OpenAI's 3–4). */
export const PER_MESSAGE_OVERHEAD = 4;
/**
 * Anthropic bills an image as about width×height/750 tokens and downsizes images beyond
 * ~1.15 megapixels, so one image costs at most ~1,600 tokens. Images are not decoded here, so
 * each one is charged that upper bound.
 */
export const PER_IMAGE_TOKENS = 1600;
/** A PDF page costs ~1,500–3,000 tokens; without parsing, one document is charged like this. */
export const PER_DOCUMENT_TOKENS = 3000;
/**
 * Anthropic's pricing docs list the hidden tool-use system prompt added when tools are present:
 * 346 tokens for tool_choice auto/none, 313 for any/tool (Claude 4 family).
 */
export const TOOL_SYSTEM_PROMPT_AUTO = 346;
export const TOOL_SYSTEM_PROMPT_FORCED = 313;

/**
 * How many windows (of at most 512 characters each, see count-windows.ts) the async counter
 * counts between two turns of the event loop: a few milliseconds of work at the worst.
 */
export const WINDOWS_PER_TURN = 32;
/** Token count of one text with the named tokenizer (tables loaded on first use). */
export function textCounter(tokenizer: TokenizerName): (s: string) => number {
  const count = loadCounter(tokenizer);
  // Through the same windows as every other count: linear in the text (count-windows.ts).
  return (s) => {
    let n = 0;
    for (const w of countWindows(s)) n += count(w);
    return n;
  };
}

interface Tally {
  text: string[];
  fixed: number;
}

function tallyContent(p: IRContentPart, t: Tally): void {
  if (p.type === 'text') t.text.push(p.text);
  else if (p.type === 'image') t.fixed += PER_IMAGE_TOKENS;
  else if (p.source.kind === 'base64' && p.source.mediaType.startsWith('text/'))
    t.text.push(Buffer.from(p.source.data, 'base64').toString('utf8'));
  else t.fixed += PER_DOCUMENT_TOKENS;
}

function tallyPart(p: IRPart, t: Tally): void {
  switch (p.type) {
    case 'reasoning':
      t.text.push(p.text);
      break;
    case 'tool-call':
      t.text.push(p.name, p.arguments);
      break;
    case 'tool-result':
      for (const c of p.content) tallyContent(c, t);
      break;
    default:
      tallyContent(p, t);
  }
}

function toolText(tool: IRTool): string {
  if (tool.kind === 'function')
    return [tool.name, tool.description ?? '', JSON.stringify(tool.parameters)].join('\n');
  if (tool.kind === 'custom')
    return [tool.name, tool.description ?? '', JSON.stringify(tool.format ?? '')].join('\n');
  return JSON.stringify(tool.raw);
}

function decodeForCount(body: unknown): IRRequest {
  // Decoding needs no clock or ids; warnings (dropped server-tool blocks) do not matter here.
  return decodeAnthropicRequest(body, { now: 0, newId: (p) => p, warnings: [] }, { requireMaxTokens: false });
}

/**
 * Estimated input tokens of a raw Anthropic count_tokens body (which has no max_tokens).
 * Throws GatewayError 400 for a malformed body.
 */
export function countTokens(body: unknown, tokenizer: TokenizerName = 'o200k_base'): number {
  return countIRTokens(decodeForCount(body), tokenizer);
}

/** countTokens for the request path: yields to the event loop while it counts (see below). */
export function countTokensAsync(body: unknown, tokenizer: TokenizerName = 'o200k_base'): Promise<number> {
  return countIRTokensAsync(decodeForCount(body), tokenizer);
}

/** Estimated input tokens of a decoded request, from any ingress (Gemini countTokens uses it). */
export function countIRTokens(req: IRRequest, tokenizer: TokenizerName = 'o200k_base'): number {
  const count = loadCounter(tokenizer);
  const t = tally(req);
  let textTokens = 0;
  for (const s of t.text) for (const w of countWindows(s)) textTokens += count(w);
  return total(textTokens, t.fixed);
}

/**
 * countIRTokens that gives the event loop a turn every WINDOWS_PER_TURN windows, so a request
 * with megabytes of text never stalls the others (/healthz included): the work is linear in the
 * text (count-windows.ts) and cut into slices of a few milliseconds.
 */
export async function countIRTokensAsync(
  req: IRRequest,
  tokenizer: TokenizerName = 'o200k_base',
): Promise<number> {
  const count = loadCounter(tokenizer);
  const t = tally(req);
  let textTokens = 0;
  let windows = 0;
  for (const s of t.text) {
    for (const w of countWindows(s)) {
      textTokens += count(w);
      if (++windows % WINDOWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return total(textTokens, t.fixed);
}

function tally(req: IRRequest): Tally {
  const t: Tally = { text: [], fixed: 0 };
  for (const s of req.system) t.text.push(s.text);
  for (const m of req.messages) {
    t.fixed += PER_MESSAGE_OVERHEAD;
    for (const p of m.parts) tallyPart(p, t);
  }
  for (const tool of req.tools) t.text.push(toolText(tool));
  if (req.tools.length) {
    const forced = req.toolChoice?.type === 'required' || req.toolChoice?.type === 'tool';
    t.fixed += forced ? TOOL_SYSTEM_PROMPT_FORCED : TOOL_SYSTEM_PROMPT_AUTO;
  }
  return t;
}

function total(textTokens: number, fixed: number): number {
  return Math.ceil(textTokens * CLAUDE_CALIBRATION) + fixed;
}
