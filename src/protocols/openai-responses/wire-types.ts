// Wire shapes of the OpenAI Responses API, as clients (Codex CLI, openai-node) send them and as
// Copilot's `/responses` answers. Types only; validation lives in decode-request.ts. Shapes are
// deliberately loose where the real API is (optional fields, unknown item types pass through).

export type ResponsesRole = 'user' | 'assistant' | 'system' | 'developer';

export interface InputTextPart {
  type: 'input_text';
  text: string;
}

export interface InputImagePart {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto';
}

export interface InputFilePart {
  type: 'input_file';
  file_data?: string;
  file_url?: string;
  file_id?: string | null;
  filename?: string;
}

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
}

export interface RefusalPart {
  type: 'refusal';
  refusal: string;
}

export type InputContentPart = InputTextPart | InputImagePart | InputFilePart;
export type MessageContentPart = InputContentPart | OutputTextPart | RefusalPart;

export interface MessageItem {
  type?: 'message';
  id?: string;
  role: ResponsesRole;
  status?: string;
  content: string | MessageContentPart[];
}

export interface FunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: string;
}

export interface FunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string | InputContentPart[];
}

export interface CustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  input: string;
  status?: string;
}

export interface CustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: string | InputContentPart[];
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface ReasoningText {
  type: 'reasoning_text';
  text: string;
}

export interface ReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: SummaryText[];
  content?: ReasoningText[];
  encrypted_content?: string | null;
  status?: string;
}

export type InputItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | CustomToolCallItem
  | CustomToolCallOutputItem
  | ReasoningItem
  | { type: string; [key: string]: unknown };

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

export interface CustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: unknown;
}

export type ResponsesTool = FunctionTool | CustomTool | { type: string; [key: string]: unknown };

export type ResponsesToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'custom'; name: string }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: Array<{ type: string; name?: string }> }
  | { type: string; [key: string]: unknown };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      schema: Record<string, unknown>;
      strict?: boolean | null;
      description?: string;
    };

export interface ResponsesRequest {
  model: string;
  input?: string | InputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  text?: { format?: ResponsesTextFormat; verbosity?: 'low' | 'medium' | 'high' | null } | null;
  store?: boolean | null;
  stream?: boolean | null;
  previous_response_id?: string | null;
  include?: string[] | null;
  metadata?: Record<string, string> | null;
  prompt_cache_key?: string;
  safety_identifier?: string;
  user?: string;
  service_tier?: string | null;
  truncation?: 'auto' | 'disabled' | null;
  background?: boolean | null;
}

export type OutputItem = MessageItem | FunctionCallItem | CustomToolCallItem | ReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
  total_tokens: number;
}

export type ResponsesStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'queued' | 'cancelled';

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  model: string;
  output: OutputItem[];
  usage?: ResponsesUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  /** Copilot's billing block, next to `usage`. */
  copilot_usage?: unknown;
  [key: string]: unknown;
}

/** The OpenAI error body. */
export interface ResponsesErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
