// Shared shapes of context management (src/context/): what the pipeline hands in (protocol, body,
// the resolved model's limits, settings) and what it gets back (a new body and the changes made).
import type { OutcomeChange } from '../gateway/pipeline/outcome.js';
import type { TokenizerName } from '../protocols/anthropic/count-tokens.js';

export type ContextMode = 'off' | 'trim' | 'summarize';

/** The body shapes context management understands: raw wire bodies per protocol, or the IR. */
export type ContextProtocol = 'anthropic' | 'openai-chat' | 'openai-responses' | 'ir';

export interface ContextLimits {
  model: string;
  maxPromptTokens?: number;
  maxContextWindowTokens?: number;
  tokenizer: TokenizerName;
}

export interface ContextSettings {
  mode: ContextMode;
  /** Share of the prompt limit kept free to absorb the local count's error (0.05 = 5 %). */
  marginRatio: number;
  /** Model that writes summaries (mode summarize); without one, summarize falls back to trim. */
  summaryModel?: string;
}

/**
 * One conversation step as trimming sees it: a message (Anthropic, Chat, IR) or an input item
 * (Responses). `calls` and `results` tie a tool call to its result: they are kept or dropped together.
 */
export interface Unit {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'other';
  /** A user turn with its own content (not only tool results): the first one is the task. */
  userText: boolean;
  calls: string[];
  results: string[];
  /** The wire value (counted, hashed, and shown to the summariser). */
  value: unknown;
}

/** Writes a summary of a transcript (mode summarize). */
export type Summarize = (transcript: string, model: string) => Promise<string>;

export interface ContextResult<B> {
  body: B;
  /** True when `body` differs from the input (a raw body must then be re-serialised). */
  changed: boolean;
  /** For the outcome record: turns dropped, tokens before and after, summary cache hit. */
  changes: OutcomeChange[];
  /** The estimate when one was made (undefined: the quick size check said no counting needed). */
  tokensBefore?: number;
  tokensAfter?: number;
  messagesDropped?: number;
  summaryCacheHit?: boolean;
}
