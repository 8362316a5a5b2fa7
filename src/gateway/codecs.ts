// The codec registry: which IngressCodec / EgressCodec serves each protocol, and which Copilot
// endpoint speaks which protocol.
import { anthropicEgress, anthropicIngress } from '../protocols/anthropic/index.js';
import { geminiEgress, geminiIngress } from '../protocols/gemini/index.js';
import type { EgressCodec, IngressCodec } from '../protocols/ir/codec.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import { openaiChatEgress, openaiChatIngress } from '../protocols/openai-chat/index.js';
import { openaiResponsesEgress, openaiResponsesIngress } from '../protocols/openai-responses/index.js';
import type { CopilotEndpoint } from '../upstream/types.js';

export const INGRESS: Record<ProtocolId, IngressCodec> = {
  'openai-chat': openaiChatIngress,
  'openai-responses': openaiResponsesIngress,
  anthropic: anthropicIngress,
  gemini: geminiIngress,
};

export const EGRESS: Record<ProtocolId, EgressCodec> = {
  'openai-chat': openaiChatEgress,
  'openai-responses': openaiResponsesEgress,
  anthropic: anthropicEgress,
  gemini: geminiEgress,
};

/** The protocol each Copilot inference endpoint speaks. */
export const ENDPOINT_PROTOCOL: Partial<Record<CopilotEndpoint, ProtocolId>> = {
  '/chat/completions': 'openai-chat',
  '/responses': 'openai-responses',
  '/v1/messages': 'anthropic',
};
