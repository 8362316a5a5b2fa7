import { describe, expect, it } from 'vitest';
import type { CopilotModel } from '../../upstream/types.js';
import { toGeminiModel } from './listings.js';

describe('toGeminiModel', () => {
  it('renders a Copilot model in models.get shape', () => {
    const model: CopilotModel = {
      id: 'gemini-3.1-pro-preview',
      name: 'Gemini 3.1 Pro',
      vendor: 'Google',
      supportedEndpoints: ['/chat/completions'],
      legacyEndpoints: false,
      type: 'chat',
      limits: { maxContextWindowTokens: 200000, maxPromptTokens: 136000, maxOutputTokens: 64000 },
      supports: { streaming: true, min_thinking_budget: 256, max_thinking_budget: 32000 },
      raw: { version: 'gemini-3.1-pro-preview' },
    };
    expect(toGeminiModel(model)).toEqual({
      name: 'models/gemini-3.1-pro-preview',
      baseModelId: 'gemini-3.1-pro-preview',
      version: 'gemini-3.1-pro-preview',
      displayName: 'Gemini 3.1 Pro',
      description: 'Gemini 3.1 Pro (Google) via GitHub Copilot',
      inputTokenLimit: 136000,
      outputTokenLimit: 64000,
      supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
      thinking: true,
    });
    expect(toGeminiModel({ ...model, supports: {}, limits: {} })).toMatchObject({ thinking: false });
  });
});
