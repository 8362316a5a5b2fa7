// Wire shapes of OpenAI Chat Completions as clients send them and as Copilot's /chat/completions
// answers them (types only). Non-standard fields that matter for us are included: the reasoning
// spellings of other providers, Copilot's `reasoning_text`/`reasoning_opaque`, `thinking_budget`,
// `copilot_usage`, and Gemini's `thought_signature` on tool calls.

export type ChatTextPart = { type: 'text'; text: string };
export type ChatImagePart = { type: 'image_url'; image_url: { url: string; detail?: string } };
export type ChatFilePart = {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
};
export type ChatAudioPart = { type: 'input_audio'; input_audio: { data: string; format: string } };
export type ChatRefusalPart = { type: 'refusal'; refusal: string };
export type ChatUserPart = ChatTextPart | ChatImagePart | ChatFilePart | ChatAudioPart;

export interface ChatFunctionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string; thought_signature?: string };
}

/** OpenAI's freeform tools (`type:"custom"`), accepted from clients that use them natively. */
export interface ChatCustomToolCall {
  id: string;
  type: 'custom';
  custom: { name: string; input: string };
}

export type ChatToolCall = ChatFunctionToolCall | ChatCustomToolCall;

export interface ChatSystemMessage {
  role: 'system' | 'developer';
  content: string | ChatTextPart[];
  name?: string;
}

export interface ChatUserMessage {
  role: 'user';
  content: string | ChatUserPart[];
  name?: string;
}

export interface ChatAssistantMessage {
  role: 'assistant';
  content?: string | Array<ChatTextPart | ChatRefusalPart> | null;
  refusal?: string | null;
  tool_calls?: ChatToolCall[];
  function_call?: { name: string; arguments: string } | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_text?: string | null;
  reasoning_opaque?: string | null;
  name?: string;
}

export interface ChatToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | ChatTextPart[];
}

/** Legacy `functions` era result message. */
export interface ChatFunctionMessage {
  role: 'function';
  name: string;
  content: string | null;
}

export type ChatMessage =
  | ChatSystemMessage
  | ChatUserMessage
  | ChatAssistantMessage
  | ChatToolMessage
  | ChatFunctionMessage;

export interface ChatFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
}

export interface ChatCustomTool {
  type: 'custom';
  custom: { name: string; description?: string; format?: unknown };
}

export type ChatTool = ChatFunctionTool | ChatCustomTool;

export type ChatToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'custom'; custom: { name: string } }
  | {
      type: 'allowed_tools';
      allowed_tools: {
        mode: 'auto' | 'required';
        tools: Array<
          { type: 'function'; function: { name: string } } | { type: 'custom'; custom: { name: string } }
        >;
      };
    };

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        schema?: Record<string, unknown>;
        strict?: boolean | null;
        description?: string;
      };
    };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_completion_tokens?: number | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  stop?: string | string[] | null;
  n?: number | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  response_format?: ChatResponseFormat;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  functions?: Array<{ name: string; description?: string; parameters?: Record<string, unknown> }>;
  function_call?: 'none' | 'auto' | { name: string };
  reasoning_effort?: string | null;
  /** Copilot's thinking budget for Claude / Gemini models. */
  thinking_budget?: number;
  /** Compat spellings sent by some clients (OpenRouter, Anthropic-minded tools). */
  reasoning?: { effort?: string; max_tokens?: number; enabled?: boolean };
  thinking?: { type: 'enabled' | 'disabled' | 'adaptive'; budget_tokens?: number };
  verbosity?: 'low' | 'medium' | 'high';
  user?: string;
  safety_identifier?: string;
  metadata?: Record<string, string>;
  prompt_cache_key?: string;
  service_tier?: string;
  store?: boolean;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_tokens?: number } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  } | null;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: ChatToolCall[];
  function_call?: { name: string; arguments: string } | null;
  reasoning_content?: string | null;
  reasoning_text?: string | null;
  reasoning_opaque?: string | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{ index: number; message: ChatResponseMessage; finish_reason: ChatFinishReason | null }>;
  usage?: ChatUsage;
  copilot_usage?: unknown;
}

export interface ChatToolCallDelta {
  index?: number;
  id?: string;
  type?: 'function' | 'custom';
  function?: { name?: string; arguments?: string; thought_signature?: string };
  custom?: { name?: string; input?: string };
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_text?: string | null;
  reasoning_opaque?: string | null;
  tool_calls?: ChatToolCallDelta[];
  function_call?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: ChatDelta; finish_reason: ChatFinishReason | null }>;
  usage?: ChatUsage | null;
  copilot_usage?: unknown;
}

export interface ChatErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
