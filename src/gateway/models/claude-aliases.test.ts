import { describe, expect, it } from 'vitest';
import { normaliseModel } from '../../upstream/model-catalogue.js';
import { createClaudeAliasRule, parseClaudeName } from './claude-aliases.js';

const catalogue = [
  'claude-sonnet-4',
  'claude-sonnet-4.5',
  'claude-opus-4.5',
  'claude-opus-41',
  'claude-haiku-4.5',
  'claude-opus-4.6',
  'claude-opus-4.6-fast',
  'claude-3.7-sonnet',
  'gpt-4.1',
].map((id) => normaliseModel({ id, capabilities: { type: 'chat' } }));

const place = (name: string, models = catalogue) => createClaudeAliasRule()(name, models);

describe('parseClaudeName', () => {
  it('reads Anthropic and Copilot spellings', () => {
    expect(parseClaudeName('claude-sonnet-4-5-20250929')).toEqual({
      family: 'sonnet',
      version: 405,
      variant: undefined,
    });
    expect(parseClaudeName('claude-opus-41')).toEqual({ family: 'opus', version: 401, variant: undefined });
    expect(parseClaudeName('claude-opus-4-1-20250805')).toEqual({
      family: 'opus',
      version: 401,
      variant: undefined,
    });
    expect(parseClaudeName('claude-3-7-sonnet-latest')).toEqual({
      family: 'sonnet',
      version: 307,
      variant: undefined,
    });
    expect(parseClaudeName('claude-opus-4.6-fast')?.variant).toBe('fast');
    expect(parseClaudeName('gpt-4.1')).toBeUndefined();
  });
});

describe('Claude alias rule', () => {
  it('maps dated ids to the Copilot id by rule', () => {
    expect(place('claude-sonnet-4-5-20250929')).toEqual({ id: 'claude-sonnet-4.5', via: 'alias' });
    expect(place('claude-opus-4-1-20250805')).toEqual({ id: 'claude-opus-41', via: 'alias' });
    expect(place('claude-haiku-4-5-20251001')).toEqual({ id: 'claude-haiku-4.5', via: 'alias' });
    expect(place('claude-3-7-sonnet-latest')).toEqual({ id: 'claude-3.7-sonnet', via: 'alias' });
    expect(place('claude-sonnet-4-20250514')).toEqual({ id: 'claude-sonnet-4', via: 'alias' });
  });

  it('falls back to the nearest version of the same family, never an older one while the asked one exists', () => {
    expect(place('claude-opus-4-8')).toMatchObject({ id: 'claude-opus-4.6', via: 'fallback' });
    expect(place('claude-sonnet-4-6')).toMatchObject({ id: 'claude-sonnet-4.5', via: 'fallback' });
    expect(place('claude-opus-4-6')).toEqual({ id: 'claude-opus-4.6', via: 'alias' });
  });

  it('only picks a variant when asked', () => {
    expect(place('claude-opus-4-6-fast')).toEqual({ id: 'claude-opus-4.6-fast', via: 'alias' });
    expect(place('claude-opus-4-7')?.id).toBe('claude-opus-4.6');
  });

  it('uses the most capable family when the family is missing', () => {
    const noHaiku = catalogue.filter((m) => !m.id.includes('haiku'));
    expect(place('claude-haiku-4-5', noHaiku)).toMatchObject({ id: 'claude-opus-4.6', via: 'fallback' });
  });

  it('asks for one warning per fallback name', () => {
    const rule = createClaudeAliasRule();
    expect(rule('claude-opus-4-8', catalogue)?.warn).toBe(true);
    expect(rule('claude-opus-4-8', catalogue)?.warn).toBe(false);
  });

  it('leaves non-Claude names alone', () => {
    expect(place('gpt-5')).toBeUndefined();
    expect(place('claude-foo')).toBeUndefined();
  });
});
