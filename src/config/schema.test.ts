import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfigFile } from './schema.js';

describe('parseConfigFile', () => {
  it('accepts a full file', () => {
    const file = {
      port: 5000,
      host: '0.0.0.0',
      accountType: 'business',
      githubUrl: 'https://acme.ghe.com',
      identity: { editorVersion: 'vscode/1.200.0' },
      timeouts: { idleMs: 1000 },
      retry: { maxAttempts: 5 },
      modelMapping: { 'claude-3-haiku': 'claude-haiku-4.5' },
      smallModel: 'gpt-5-mini',
      anthropicApiKey: 'sk-ant-x',
      heartbeatMs: 5000,
      maxConcurrent: 8,
      responseStore: { ttlSec: 60 },
    };
    expect(parseConfigFile(file)).toEqual(file);
  });

  it('accepts context management and per-model request shaping', () => {
    const file = {
      contextManagement: {
        mode: 'summarize',
        models: { 'gpt-5-mini': 'off' },
        summaryModel: 'gpt-5-mini',
        marginPercent: 8,
      },
      extraPrompts: { '*': 'Answer in English.' },
      reasoningEffort: { 'gpt-5-codex': 'high' },
    };
    expect(parseConfigFile(file)).toEqual(file);
    expect(() => parseConfigFile({ contextManagement: { mode: 'squash' } })).toThrow(
      /contextManagement\.mode/,
    );
    expect(() => parseConfigFile({ reasoningEffort: { x: 'huge' } })).toThrow(/reasoningEffort\.x/);
  });

  it('treats an absent file as empty', () => {
    expect(parseConfigFile(undefined)).toEqual({});
  });

  it('rejects unknown keys by name, so typos are not silently ignored', () => {
    expect(() => parseConfigFile({ heartbeatMS: 5 })).toThrow(/unknown setting "heartbeatMS"/);
    expect(() => parseConfigFile({ identity: { editorVersoin: 'x' } })).toThrow(
      /identity: unknown setting "editorVersoin"/,
    );
  });

  it('reports each bad value with its path and the file name', () => {
    let err: unknown;
    try {
      parseConfigFile({ port: 70000, accountType: 'team', githubUrl: 'github.com' }, '/d/config.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^Invalid \/d\/config\.json: /);
    expect(msg).toMatch(/port: /);
    expect(msg).toMatch(/accountType: /);
    expect(msg).toMatch(/githubUrl: expected an http\(s\) URL/);
  });

  it('rejects a non-object root', () => {
    expect(() => parseConfigFile([1, 2])).toThrow(ConfigError);
  });
});
