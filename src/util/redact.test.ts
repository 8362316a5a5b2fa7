import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('redacts every kind of secret, behind the cheap anchor test', () => {
    const lines = [
      'token ghu_abcdefghijklmnop',
      'pat github_pat_abcdefghijkl',
      'copilot tid=abc;exp=123:sig',
      'key cgw_abcdefghijkl',
      'anthropic sk-ant-abcdefghijkl',
      'X-Goog-Api-Key: abcdefghijkl',
      'Authorization: Bearer abcdefghijklmnop',
      '{"githubToken":"secret-value"}',
      '{"anthropicApiKey":"secret-value"}',
    ];
    for (const line of lines) {
      const out = redactSecrets(line);
      expect(out, line).toContain('[redacted]');
      expect(out).not.toMatch(/abcdefghijkl|secret-value|exp=123/);
    }
  });

  it('returns an access-log line as it is', () => {
    const line =
      'POST /v1/chat/completions openai-chat→/chat/completions (passthrough) gpt-4.1 200 3ms in=1 out=2';
    expect(redactSecrets(line)).toBe(line);
  });
});
