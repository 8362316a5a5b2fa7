import { describe, expect, it } from 'vitest';
import { geminiModelFromPath } from './models.js';

describe('geminiModelFromPath', () => {
  it('strips models/ and splits the method', () => {
    expect(geminiModelFromPath('models/gemini-2.5-pro:streamGenerateContent')).toEqual({
      model: 'gemini-2.5-pro',
      method: 'streamGenerateContent',
    });
    expect(geminiModelFromPath('/v1beta/models/claude-sonnet-4.5:countTokens?alt=sse')).toEqual({
      model: 'claude-sonnet-4.5',
      method: 'countTokens',
    });
    expect(geminiModelFromPath('gpt-5')).toEqual({ model: 'gpt-5' });
    expect(geminiModelFromPath('/v1beta/models/a%2Fb')).toEqual({ model: 'a/b' });
  });
});
