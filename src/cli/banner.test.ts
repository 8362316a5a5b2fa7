import { describe, expect, it } from 'vitest';
import { renderBanner } from './banner.js';

const models = [
  { id: 'gpt-4.1', supportedEndpoints: ['/chat/completions'], type: 'chat' },
  { id: 'gpt-5-mini', supportedEndpoints: ['/chat/completions', '/responses'], type: 'chat' },
  { id: 'gpt-5-codex', supportedEndpoints: ['/responses'], type: 'chat' },
  { id: 'text-embedding-3-small', supportedEndpoints: ['/chat/completions'], type: 'embeddings' },
];

describe('renderBanner', () => {
  const text = renderBanner({ url: 'http://127.0.0.1:4141/', login: 'octocat', models });

  it('names the URL, the login and the model count', () => {
    expect(text).toContain('listening on http://127.0.0.1:4141\n');
    expect(text).toContain('Signed in to GitHub as octocat; 4 models available (3 chat).');
  });

  it('gives ready-to-paste settings for each client', () => {
    expect(text).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:4141  ANTHROPIC_AUTH_TOKEN=');
    expect(text).toContain('base_url = "http://127.0.0.1:4141/v1"');
    expect(text).toContain('wire_api = "responses"');
    expect(text).toContain('model = "gpt-5-codex"');
    expect(text).toContain('GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4141  GEMINI_API_KEY=');
    expect(text).toContain("baseURL: 'http://127.0.0.1:4141/v1'");
  });

  it('leaves out the Codex model when no model speaks /responses', () => {
    const t = renderBanner({ url: 'http://h:1', login: 'x', models: [models[0]] });
    expect(t).not.toContain('model = "');
    expect(t).toContain('1 model available');
  });
});
