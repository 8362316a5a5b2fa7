// The canonical intermediate representation (IR) that every cross-protocol translation goes
// through. It is a superset of the four wire protocols (OpenAI Chat, OpenAI Responses, Anthropic
// Messages, Gemini), never a copy of one. Anything a protocol needs to survive a round trip that
// has no neutral meaning (signatures, cache_control, item ids, thought signatures) rides in the
// per-protocol `meta` slot.

/** Protocol ids, used as keys of the metadata slot and in planning. */
export type ProtocolId = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/**
 * Opaque per-protocol metadata. A codec reads and writes only its own key, and keeps other
 * keys untouched, so a part decoded from Anthropic and re-encoded to Anthropic keeps e.g. its
 * cache_control even after travelling through the IR.
 */
export type IRMeta = Partial<Record<ProtocolId, Record<string, unknown>>>;

// ---------------------------------------------------------------------------------------------
// Parts

export interface IRTextPart {
  type: 'text';
  text: string;
  meta?: IRMeta;
}

export type IRMediaSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string }
  | { kind: 'file-id'; fileId: string; mediaType?: string };

export interface IRImagePart {
  type: 'image';
  source: IRMediaSource;
  /** OpenAI's `detail` (low | high | auto). */
  detail?: string;
  meta?: IRMeta;
}

export interface IRFilePart {
  type: 'file';
  source: IRMediaSource;
  filename?: string;
  meta?: IRMeta;
}

/**
 * Model reasoning. `text` is the visible thinking or its summary; the opaque fields carry the
 * state a provider needs back on the next turn:
 * - `signature`: Anthropic thinking signature; Copilot chat `reasoning_opaque` (the same token
 *   when the model is Claude); Gemini `thoughtSignature` on a thought part.
 * - `encryptedContent`: OpenAI Responses `encrypted_content`.
 * - `redactedData`: Anthropic `redacted_thinking.data` (then `text` is empty).
 */
export interface IRReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  encryptedContent?: string;
  redactedData?: string;
  /** Responses reasoning items can carry several summary parts; kept for a faithful round trip. */
  summary?: string[];
  meta?: IRMeta;
}

/** `function` tools take JSON arguments; `custom` (freeform, e.g. Codex apply_patch) take raw text. */
export type IRToolKind = 'function' | 'custom';

export interface IRToolCallPart {
  type: 'tool-call';
  callId: string;
  name: string;
  /** JSON text for function tools (`"{}"` when empty); the raw input for custom tools. */
  arguments: string;
  kind: IRToolKind;
  meta?: IRMeta;
}

export interface IRToolResultPart {
  type: 'tool-result';
  callId: string;
  /** Tool name when the protocol carries it (Gemini requires it, others don't). */
  name?: string;
  content: Array<IRTextPart | IRImagePart | IRFilePart>;
  isError?: boolean;
  /** Which kind of call this answers, so a custom tool's output comes back as one. */
  kind?: IRToolKind;
  meta?: IRMeta;
}

export type IRPart =
  | IRTextPart
  | IRImagePart
  | IRFilePart
  | IRReasoningPart
  | IRToolCallPart
  | IRToolResultPart;

export type IRContentPart = IRTextPart | IRImagePart | IRFilePart;

// ---------------------------------------------------------------------------------------------
// Messages and requests

/**
 * Conversation turns. Tool results live as `tool-result` parts inside `user` messages (the
 * Anthropic and Gemini model); the Chat codec splits them into `tool` messages on the way out.
 * System and developer messages are folded, in order, into `IRRequest.system`.
 */
export interface IRMessage {
  role: 'user' | 'assistant';
  parts: IRPart[];
  meta?: IRMeta;
}

export interface IRFunctionTool {
  kind: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  meta?: IRMeta;
}

export interface IRCustomTool {
  kind: 'custom';
  name: string;
  description?: string;
  /** Responses `format` (e.g. `{type:"grammar",syntax:"lark",definition}`), kept verbatim. */
  format?: unknown;
  meta?: IRMeta;
}

/** A provider-hosted tool (web_search, local_shell, Anthropic typed tools…), kept verbatim. */
export interface IRBuiltinTool {
  kind: 'builtin';
  type: string;
  name?: string;
  raw: Record<string, unknown>;
  origin: ProtocolId;
}

export type IRTool = IRFunctionTool | IRCustomTool | IRBuiltinTool;

export type IRToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string; kind?: IRToolKind }
  /** OpenAI `allowed_tools` / Gemini `allowedFunctionNames`. */
  | { type: 'allowed'; names: string[]; mode: 'auto' | 'required' };

export type IREffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface IRReasoningConfig {
  /** false = explicitly off; undefined = provider default. */
  enabled?: boolean;
  /** Anthropic `{type:"adaptive"}`, Gemini `thinkingBudget:-1`. */
  adaptive?: boolean;
  effort?: IREffort;
  budgetTokens?: number;
  /** Responses summary mode. */
  summary?: 'auto' | 'concise' | 'detailed' | 'none';
  /** Gemini `includeThoughts`, Anthropic `display`: whether visible thinking is wanted. */
  includeThoughts?: boolean;
}

export type IRResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name?: string;
      schema: Record<string, unknown>;
      strict?: boolean;
      description?: string;
    };

export interface IRRequest {
  /** The model id as the client asked for it (resolution to a Copilot id happens outside codecs). */
  model: string;
  system: IRTextPart[];
  messages: IRMessage[];
  tools: IRTool[];
  toolChoice?: IRToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Candidate count; only 1 is supported across protocols. */
  n?: number;
  reasoning?: IRReasoningConfig;
  responseFormat?: IRResponseFormat;
  /** OpenAI `verbosity` / `text.verbosity`. */
  verbosity?: 'low' | 'medium' | 'high';
  stream: boolean;
  /** Chat `stream_options.include_usage`. */
  streamIncludeUsage?: boolean;
  /** Session hints. */
  user?: string;
  metadata?: Record<string, string>;
  promptCacheKey?: string;
  previousResponseId?: string;
  store?: boolean;
  include?: string[];
  serviceTier?: string;
  meta?: IRMeta;
}

// ---------------------------------------------------------------------------------------------
// Responses and stream events

export type IRFinishReason =
  | 'stop'
  | 'stop-sequence'
  | 'length'
  | 'context-length'
  | 'tool-calls'
  | 'content-filter'
  | 'refusal'
  | 'pause'
  | 'error'
  | 'other';

export interface IRUsage {
  /** Prompt tokens including cache reads and writes (OpenAI's convention). */
  inputTokens: number;
  /** Output tokens including reasoning. */
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Copilot's `copilot_usage` billing block, kept verbatim. */
  copilotUsage?: unknown;
}

export interface IRResponse {
  id: string;
  /** The model that answered (as reported by the upstream). */
  model: string;
  created: number;
  parts: Array<IRTextPart | IRReasoningPart | IRToolCallPart>;
  finishReason: IRFinishReason;
  /** The matched stop sequence when `finishReason` is 'stop-sequence'. */
  stopSequence?: string;
  usage?: IRUsage;
  meta?: IRMeta;
}

/**
 * Stream events. Each block (text, reasoning, tool call) has an explicit start/delta/end
 * lifecycle and an `id` unique within the stream. Decoders never interleave blocks: one block
 * ends before the next starts (they close an open block when another kind arrives).
 */
export type IRStreamEvent =
  | { type: 'start'; id: string; model: string; created: number; usage?: Partial<IRUsage>; meta?: IRMeta }
  | { type: 'text-start'; id: string; meta?: IRMeta }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string; meta?: IRMeta }
  | { type: 'reasoning-start'; id: string; meta?: IRMeta; redactedData?: string }
  | { type: 'reasoning-delta'; id: string; delta: string }
  /** Opaque state that arrives while a reasoning block is open (Anthropic signature_delta). */
  | { type: 'reasoning-signature'; id: string; signature?: string; encryptedContent?: string }
  | { type: 'reasoning-end'; id: string; signature?: string; encryptedContent?: string; meta?: IRMeta }
  | { type: 'tool-call-start'; id: string; callId: string; name: string; kind: IRToolKind; meta?: IRMeta }
  | { type: 'tool-call-delta'; id: string; delta: string }
  | { type: 'tool-call-end'; id: string; meta?: IRMeta }
  /** Usage so far (cumulative, last wins). */
  | { type: 'usage'; usage: Partial<IRUsage> }
  | { type: 'finish'; reason: IRFinishReason; stopSequence?: string; usage?: IRUsage; meta?: IRMeta }
  | { type: 'error'; error: import('../../errors/gateway-error.js').GatewayError };

export type IRStreamEventType = IRStreamEvent['type'];

/** A settings one side cannot express: logged, visible in debug, never silently dropped. */
export interface IRWarning {
  code: 'unsupported-setting' | 'unsupported-tool' | 'dropped-content' | 'clamped' | 'other';
  message: string;
}
