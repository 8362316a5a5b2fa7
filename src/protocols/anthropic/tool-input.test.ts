import { describe, expect, it } from 'vitest';
import { toolId, toolInput } from './tool-input.js';

describe('toolId', () => {
  it('keeps valid ids and sanitises others deterministically', () => {
    expect(toolId('toolu_01AbC')).toBe('toolu_01AbC');
    const a = toolId('functions.Bash:0');
    expect(a).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(toolId('functions.Bash:0')).toBe(a);
    expect(toolId('functions.Bash:1')).not.toBe(a);
  });
});

describe('toolInput', () => {
  it('parses JSON objects, wraps everything else', () => {
    expect(toolInput({ arguments: '{"a":1}', kind: 'function' })).toEqual({ a: 1 });
    expect(toolInput({ arguments: '', kind: 'function' })).toEqual({});
    let warned = 0;
    expect(toolInput({ arguments: '[1]', kind: 'function' }, () => warned++)).toEqual({ input: '[1]' });
    expect(toolInput({ arguments: '{"a":', kind: 'function' }, () => warned++)).toEqual({ input: '{"a":' });
    expect(warned).toBe(2);
    expect(toolInput({ arguments: 'raw patch', kind: 'custom' })).toEqual({ input: 'raw patch' });
  });
});
