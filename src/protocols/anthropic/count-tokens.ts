// Token estimate for Anthropic `count_tokens` (Claude Code calls it constantly for /context and
// compaction). Copilot has no count endpoint for Claude, so we estimate locally with the model's
// catalogue tokenizer (o200k_base / cl100k_base, via gpt-tokenizer) and calibrate toward Claude's
// own tokenizer. Method and figures: docs/token-counting.md.
import { createRequire } from 'node:module';
import type { IRContentPart, IRPart, IRRequest, IRTool } from '../ir/types.js';
import { decodeAnthropicRequest } from './decode-request.js';

export type TokenizerName = 'o200k_base' | 'cl100k_base';

// The BPE tables are large (tens of MB, ~100 ms to load): each one is required on first use, not
// at startup, so a gateway that never counts tokens never pays for them. Node's module cache
// keeps the loaded table; no cache of our own.
const requireCjs = createRequire(import.meta.url);
function loadCounter(tokenizer: TokenizerName): (s: string) => number {
  return (requireCjs(`gpt-tokenizer/encoding/${tokenizer}`) as { countTokens: (s: string) => number })
    .countTokens;
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

/** Token count of one text with the named tokenizer (tables loaded on first use). */
export function textCounter(tokenizer: TokenizerName): (s: string) => number {
  const count = loadCounter(tokenizer);
  return (s) => (s ? count(s) : 0);
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

/**
 * Estimated input tokens of a raw Anthropic count_tokens body (which has no max_tokens).
 * Throws GatewayError 400 for a malformed body.
 */
export function countTokens(body: unknown, tokenizer: TokenizerName = 'o200k_base'): number {
  // Decoding needs no clock or ids; warnings (dropped server-tool blocks) do not matter here.
  const req = decodeAnthropicRequest(
    body,
    { now: 0, newId: (p) => p, warnings: [] },
    { requireMaxTokens: false },
  );
  return countIRTokens(req, tokenizer);
}

/** Estimated input tokens of a decoded request, from any ingress (Gemini countTokens uses it). */
export function countIRTokens(req: IRRequest, tokenizer: TokenizerName = 'o200k_base'): number {
  const count = textCounter(tokenizer);
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
  const textTokens = t.text.reduce((sum, s) => sum + count(s), 0);
  return Math.ceil(textTokens * CLAUDE_CALIBRATION) + t.fixed;
}
