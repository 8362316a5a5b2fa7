// The late-2026 /models catalogue (copilot-upstream-2026.md §7): current ids and endpoints, with
// the retired models gone (GPT-4.1, GPT-5, GPT-5-Codex, Opus 4.1, Sonnet 4/4.5, Gemini 3 Pro,
// GPT-4o). The default catalogue (catalogue.ts) keeps the 2025 models the existing tests name;
// choose this one per emulator with `startEmulator({ models: catalogue2026() })`.
import { claude, defaultModels } from './catalogue.js';

type Json = Record<string, unknown>;

function openaiModel(
  id: string,
  name: string,
  endpoints: string[],
  efforts: string[],
  multiplier: number,
): Json {
  return {
    id,
    name,
    object: 'model',
    vendor: 'OpenAI',
    version: id,
    preview: false,
    model_picker_enabled: true,
    is_chat_default: false,
    is_chat_fallback: false,
    billing: { is_premium: multiplier > 0, multiplier },
    supported_endpoints: endpoints,
    capabilities: {
      family: id,
      object: 'model_capabilities',
      tokenizer: 'o200k_base',
      type: 'chat',
      limits: { max_context_window_tokens: 400000, max_prompt_tokens: 272000, max_output_tokens: 128000 },
      supports: {
        streaming: true,
        tool_calls: true,
        parallel_tool_calls: true,
        vision: true,
        structured_outputs: true,
        reasoning_effort: efforts,
      },
    },
  };
}

function chatOnly(id: string, name: string, vendor: string, maxOutput: number): Json {
  return {
    id,
    name,
    object: 'model',
    vendor,
    version: id,
    preview: true,
    model_picker_enabled: true,
    is_chat_default: false,
    is_chat_fallback: false,
    billing: { is_premium: true, multiplier: 1 },
    supported_endpoints: ['/chat/completions'],
    capabilities: {
      family: id,
      object: 'model_capabilities',
      tokenizer: 'o200k_base',
      type: 'chat',
      limits: { max_context_window_tokens: 200000, max_prompt_tokens: 128000, max_output_tokens: maxOutput },
      supports: { streaming: true, tool_calls: true, parallel_tool_calls: true },
    },
  };
}

const WS_RESPONSES = ['/responses', 'ws:/responses'];
const ALL_EFFORTS = ['none', 'low', 'medium', 'high', 'xhigh'];
const CLAUDE_ENDPOINTS = ['/v1/messages', '/chat/completions'];
const CLAUDE_2026 = {
  vision: true,
  structured_outputs: true,
  adaptive_thinking: true,
  reasoning_effort: ['low', 'medium', 'high', 'xhigh'],
};

/** Entries of the 2025 catalogue that are still served in late 2026. */
const KEPT = new Set([
  'gpt-5-mini',
  'gpt-5.4',
  'claude-haiku-4.5',
  'claude-opus-4.6',
  'gemini-3.1-pro-preview',
  'text-embedding-3-small',
]);

export const RETIRED_2026 = [
  'gpt-4.1',
  'gpt-41-copilot',
  'gpt-4o',
  'gpt-5-codex',
  'claude-sonnet-4.5',
  'claude-opus-41',
];

export function catalogue2026(): Json[] {
  const kept = defaultModels().filter((m) => KEPT.has(String(m.id)));
  const opus48 = claude('claude-opus-4.8', 'Claude Opus 4.8', 3, CLAUDE_ENDPOINTS, CLAUDE_2026);
  const opus48Long = claude(
    'claude-opus-4.8-1m-internal',
    'Claude Opus 4.8 (1M context)',
    6,
    ['/v1/messages'],
    CLAUDE_2026,
  );
  (opus48Long.capabilities as { limits: Json }).limits.max_context_window_tokens = 1000000;
  (opus48Long.capabilities as { limits: Json }).limits.max_prompt_tokens = 936000;
  return [
    openaiModel('gpt-5.5', 'GPT-5.5', WS_RESPONSES, ALL_EFFORTS, 1),
    openaiModel('gpt-5.6-luna', 'GPT-5.6 Luna', WS_RESPONSES, ALL_EFFORTS, 0.33),
    openaiModel('gpt-5.6-sol', 'GPT-5.6 Sol', WS_RESPONSES, ALL_EFFORTS, 1),
    openaiModel('gpt-5.6-terra', 'GPT-5.6 Terra', WS_RESPONSES, ALL_EFFORTS, 3),
    openaiModel('gpt-6-astra', 'GPT-6 Astra', WS_RESPONSES, ALL_EFFORTS, 10),
    claude('claude-sonnet-5', 'Claude Sonnet 5', 1, CLAUDE_ENDPOINTS, CLAUDE_2026),
    opus48,
    opus48Long,
    claude('claude-opus-5', 'Claude Opus 5', 5, CLAUDE_ENDPOINTS, CLAUDE_2026),
    claude('claude-fable-5', 'Claude Fable 5', 1, CLAUDE_ENDPOINTS, CLAUDE_2026),
    chatOnly('gemini-3.5-flash', 'Gemini 3.5 Flash', 'Google', 64000),
    chatOnly('grok-4.7', 'Grok 4.7', 'xAI', 64000),
    chatOnly('mai-code-1.1-flash', 'MAI-Code-1.1-Flash', 'Microsoft', 32000),
    ...kept,
  ];
}
