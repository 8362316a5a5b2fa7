// The default /models catalogue: the reference's eight models (vision block expanded) plus a few
// more realistic entries, and helpers that read an entry the way the upstream does.

const VISION = {
  max_prompt_image_size: 3145728,
  max_prompt_images: 1,
  supported_media_types: ['image/jpeg', 'image/png', 'image/webp'],
};

export function defaultModels(): Record<string, unknown>[] {
  return [
    {
      id: 'gpt-4.1',
      name: 'GPT-4.1',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'gpt-4.1-2025-04-14',
      preview: false,
      model_picker_enabled: true,
      model_picker_category: 'versatile',
      is_chat_default: true,
      is_chat_fallback: true,
      policy: { state: 'enabled', terms: 'Enable access to GPT-4.1.' },
      billing: { is_premium: false, multiplier: 0 },
      capabilities: {
        family: 'gpt-4.1',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: {
          max_context_window_tokens: 128000,
          max_prompt_tokens: 128000,
          max_output_tokens: 16384,
          vision: VISION,
        },
        supports: {
          streaming: true,
          tool_calls: true,
          parallel_tool_calls: true,
          vision: true,
          structured_outputs: true,
        },
      },
    },
    {
      id: 'gpt-4o',
      name: 'GPT-4o',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'gpt-4o-2024-11-20',
      preview: false,
      model_picker_enabled: false,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: false, multiplier: 0 },
      capabilities: {
        family: 'gpt-4o',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: {
          max_context_window_tokens: 128000,
          max_prompt_tokens: 64000,
          max_output_tokens: 4096,
          vision: VISION,
        },
        supports: { streaming: true, tool_calls: true, parallel_tool_calls: true, vision: true },
      },
    },
    {
      id: 'gpt-5-mini',
      name: 'GPT-5 mini',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'gpt-5-mini',
      preview: false,
      model_picker_enabled: true,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: false, multiplier: 0 },
      supported_endpoints: ['/chat/completions', '/responses', 'ws:/responses'],
      capabilities: {
        family: 'gpt-5-mini',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: { max_context_window_tokens: 264000, max_prompt_tokens: 128000, max_output_tokens: 64000 },
        supports: {
          streaming: true,
          tool_calls: true,
          parallel_tool_calls: true,
          vision: true,
          structured_outputs: true,
          reasoning_effort: ['low', 'medium', 'high'],
        },
      },
    },
    {
      id: 'gpt-5-codex',
      name: 'GPT-5-Codex (Preview)',
      object: 'model',
      vendor: 'OpenAI',
      version: 'gpt-5-codex',
      preview: true,
      model_picker_enabled: true,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: {
        is_premium: true,
        multiplier: 1,
        restricted_to: ['pro', 'pro_plus', 'business', 'enterprise'],
      },
      supported_endpoints: ['/responses'],
      capabilities: {
        family: 'gpt-5-codex',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: { max_context_window_tokens: 400000, max_prompt_tokens: 128000, max_output_tokens: 128000 },
        supports: { streaming: true, tool_calls: true, parallel_tool_calls: true, structured_outputs: true },
      },
    },
    {
      id: 'gpt-5.4',
      name: 'GPT-5.4',
      object: 'model',
      vendor: 'OpenAI',
      version: 'gpt-5.4',
      preview: false,
      model_picker_enabled: true,
      model_picker_category: 'powerful',
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: true, multiplier: 1 },
      supported_endpoints: ['/responses', 'ws:/responses'],
      capabilities: {
        family: 'gpt-5.4',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: {
          max_context_window_tokens: 400000,
          max_prompt_tokens: 272000,
          max_output_tokens: 128000,
          vision: VISION,
        },
        supports: {
          streaming: true,
          tool_calls: true,
          parallel_tool_calls: true,
          vision: true,
          structured_outputs: true,
          reasoning_effort: ['low', 'medium', 'high', 'xhigh'],
        },
      },
    },
    claude('claude-sonnet-4.5', 'Claude Sonnet 4.5', 1, ['/chat/completions', '/v1/messages'], {
      vision: true,
    }),
    claude('claude-haiku-4.5', 'Claude Haiku 4.5', 0.33, ['/chat/completions', '/v1/messages'], {
      vision: true,
    }),
    claude('claude-opus-41', 'Claude Opus 4.1', 10, ['/chat/completions', '/v1/messages'], { vision: true }),
    claude('claude-opus-4.6', 'Claude Opus 4.6', 3, ['/v1/messages', '/chat/completions'], {
      vision: true,
      structured_outputs: true,
      adaptive_thinking: true,
      reasoning_effort: ['low', 'medium', 'high'],
    }),
    {
      id: 'gemini-3.1-pro-preview',
      name: 'Gemini 3.1 Pro',
      object: 'model',
      vendor: 'Google',
      version: 'gemini-3.1-pro-preview',
      preview: true,
      model_picker_enabled: true,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: true, multiplier: 1 },
      supported_endpoints: ['/chat/completions'],
      capabilities: {
        family: 'gemini-3.1-pro-preview',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'chat',
        limits: { max_context_window_tokens: 200000, max_prompt_tokens: 136000, max_output_tokens: 64000 },
        supports: {
          streaming: true,
          tool_calls: true,
          parallel_tool_calls: true,
          vision: true,
          min_thinking_budget: 256,
          max_thinking_budget: 32000,
        },
      },
    },
    {
      id: 'text-embedding-3-small',
      name: 'Embedding V3 small',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'text-embedding-3-small',
      preview: false,
      model_picker_enabled: false,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: false, multiplier: 0 },
      capabilities: {
        family: 'text-embedding-3-small',
        object: 'model_capabilities',
        tokenizer: 'cl100k_base',
        type: 'embeddings',
        limits: { max_inputs: 512 },
        supports: { dimensions: true },
      },
    },
    {
      id: 'gpt-41-copilot',
      name: 'GPT-4.1 Copilot',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'gpt-41-copilot',
      preview: false,
      model_picker_enabled: true,
      is_chat_default: false,
      is_chat_fallback: false,
      billing: { is_premium: false, multiplier: 0 },
      capabilities: {
        family: 'gpt-4.1',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        type: 'completion',
        supports: { streaming: true },
      },
    },
  ];
}

export function claude(
  id: string,
  name: string,
  multiplier: number,
  endpoints: string[],
  extraSupports: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id,
    name,
    object: 'model',
    vendor: 'Anthropic',
    version: id,
    preview: false,
    model_picker_enabled: true,
    is_chat_default: false,
    is_chat_fallback: false,
    billing: { is_premium: true, multiplier },
    supported_endpoints: endpoints,
    capabilities: {
      family: id,
      object: 'model_capabilities',
      tokenizer: 'o200k_base',
      type: 'chat',
      limits: {
        max_context_window_tokens: 200000,
        max_prompt_tokens: 168000,
        max_output_tokens: 32000,
        max_non_streaming_output_tokens: 16000,
        ...(extraSupports.vision ? { vision: VISION } : {}),
      },
      supports: {
        streaming: true,
        tool_calls: true,
        parallel_tool_calls: true,
        min_thinking_budget: 1024,
        max_thinking_budget: 32000,
        ...extraSupports,
      },
    },
  };
}

/** The fields of a catalogue entry the emulator's behaviour depends on. */
export interface ModelView {
  id: string;
  vendor: string;
  version: string;
  type: string;
  endpoints: string[];
  maxPromptTokens?: number;
  maxOutputTokens?: number;
  multiplier: number;
  /** Claude and Gemini over chat: split choices, reasoning_text/opaque. */
  nonOpenAI: boolean;
}

export function viewModel(raw: unknown): ModelView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.id !== 'string') return undefined;
  const caps = (m.capabilities ?? {}) as Record<string, unknown>;
  const limits = caps.limits as { max_prompt_tokens?: number; max_output_tokens?: number } | null | undefined;
  const billing = m.billing as { multiplier?: unknown } | null | undefined;
  const type = typeof caps.type === 'string' ? caps.type : 'chat';
  // Absent supported_endpoints means a legacy chat-only model; embeddings and completion models
  // are served elsewhere.
  const endpoints =
    type === 'embeddings'
      ? ['/embeddings']
      : type === 'completion'
        ? ['/completions']
        : Array.isArray(m.supported_endpoints)
          ? (m.supported_endpoints as string[])
          : ['/chat/completions'];
  const vendor = typeof m.vendor === 'string' ? m.vendor : 'Azure OpenAI';
  return {
    id: m.id,
    vendor,
    version: typeof m.version === 'string' ? m.version : m.id,
    type,
    endpoints,
    maxPromptTokens: limits?.max_prompt_tokens,
    maxOutputTokens: limits?.max_output_tokens,
    multiplier: typeof billing?.multiplier === 'number' ? billing.multiplier : 0,
    nonOpenAI: vendor === 'Anthropic' || vendor === 'Google',
  };
}

export class Catalogue {
  private readonly byId = new Map<string, ModelView>();

  constructor(readonly raw: unknown[]) {
    for (const entry of raw) {
      const v = viewModel(entry);
      // Duplicate ids occur upstream; the first entry wins.
      if (v && !this.byId.has(v.id)) this.byId.set(v.id, v);
    }
  }

  find(id: unknown): ModelView | undefined {
    return typeof id === 'string' ? this.byId.get(id) : undefined;
  }
}

/** Dated model names echoed by the Anthropic endpoint (the real one answers with these). */
const DATED: Record<string, string> = {
  'claude-sonnet-4.5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4.5': 'claude-haiku-4-5-20251001',
  'claude-opus-41': 'claude-opus-4-1-20250805',
  'claude-opus-4.6': 'claude-opus-4-6',
  'claude-opus-4.8': 'claude-opus-4-8',
  'claude-sonnet-5': 'claude-sonnet-5',
};

export function datedName(model: ModelView): string {
  return DATED[model.id] ?? model.version;
}
