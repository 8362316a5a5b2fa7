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

describe('Claude id variants (2026 spellings)', () => {
  const y2026 = [
    'claude-opus-4.8',
    'claude-opus-4.8-1m-internal',
    'claude-sonnet-5',
    'claude-opus-4.8-xhigh',
    'claude-haiku-4.5',
  ].map((id) => normaliseModel({ id, capabilities: { type: 'chat' } }));
  const at = (name: string, models = y2026) => createClaudeAliasRule()(name, models);

  it('parses [1m], -1m-internal and the raw effort suffixes', () => {
    expect(parseClaudeName('claude-opus-4-8[1m]')).toMatchObject({
      family: 'opus',
      version: 408,
      variant: '1m',
    });
    expect(parseClaudeName('claude-opus-4.8-1m-internal')).toMatchObject({ version: 408, variant: '1m' });
    expect(parseClaudeName('claude-opus-4.8-high')).toMatchObject({ version: 408, effort: 'high' });
    expect(parseClaudeName('claude-sonnet-5')).toMatchObject({ family: 'sonnet', version: 500 });
  });

  it('maps dashed, dated and [1m] ids by rule', () => {
    expect(at('claude-opus-4-8')).toEqual({ id: 'claude-opus-4.8', via: 'alias' });
    expect(at('claude-sonnet-5-20260301')).toEqual({ id: 'claude-sonnet-5', via: 'alias' });
    expect(at('claude-opus-4-8[1m]')).toEqual({ id: 'claude-opus-4.8-1m-internal', via: 'alias' });
    expect(at('claude-opus-4-8-1m-internal')).toEqual({ id: 'claude-opus-4.8-1m-internal', via: 'alias' });
  });

  it('uses the plain model when the account has no 1M variant', () => {
    const plain = y2026.filter((m) => !m.id.includes('1m'));
    expect(at('claude-opus-4-8[1m]', plain)).toMatchObject({ id: 'claude-opus-4.8', via: 'alias' });
  });

  it('maps a raw effort variant the account lacks to its base model with the effort', () => {
    expect(at('claude-opus-4.8-high')).toEqual({ id: 'claude-opus-4.8', via: 'alias', effort: 'high' });
    expect(at('claude-sonnet-5-xhigh')).toEqual({ id: 'claude-sonnet-5', via: 'alias', effort: 'xhigh' });
  });

  it('never picks a raw effort variant for a plain name', () => {
    expect(at('claude-opus-4-8')?.id).toBe('claude-opus-4.8');
    const onlyRaw = y2026.filter((m) => m.id !== 'claude-opus-4.8' && !m.id.includes('1m'));
    expect(at('claude-opus-4-8', onlyRaw)?.id).toBe('claude-sonnet-5');
  });
});
