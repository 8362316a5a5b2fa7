import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTopLevelValue, renameTopLevel, setTopLevel } from './patch-json.js';

describe('setTopLevel', () => {
  it('replaces only the top-level key, keeping every other byte', () => {
    const raw = Buffer.from(
      '{"messages":[{"model":"inner","content":"a \\"model\\": x"}], "model" : "claude-sonnet-4-5-20250929","x":1}',
    );
    const out = setTopLevel(raw, 'model', 'claude-sonnet-4.5').toString();
    expect(out).toBe(
      '{"messages":[{"model":"inner","content":"a \\"model\\": x"}], "model" : "claude-sonnet-4.5","x":1}',
    );
  });

  it('adds the key when absent', () => {
    expect(JSON.parse(setTopLevel(Buffer.from('{"a":1}'), 'model', 'm').toString())).toEqual({
      model: 'm',
      a: 1,
    });
    expect(JSON.parse(setTopLevel(Buffer.from('{ }'), 'model', 'm').toString())).toEqual({ model: 'm' });
  });

  it('agrees with JSON.parse on arbitrary objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== '__proto__'),
          fc.jsonValue(),
        ),
        fc.string(),
        fc.boolean(),
        (obj, value, pretty) => {
          const raw = Buffer.from(JSON.stringify(obj, null, pretty ? 1 : 0));
          const patched = JSON.parse(setTopLevel(raw, 'model', value).toString());
          // compare with JSON semantics (-0 serialises as 0)
          expect(patched).toEqual(JSON.parse(JSON.stringify({ ...obj, model: value })));
          if ('model' in obj) expect(findTopLevelValue(raw, 'model')).toBeDefined();
        },
      ),
    );
  });
});

describe('renameTopLevel', () => {
  it('renames only the top-level key and keeps its value bytes', () => {
    const raw = Buffer.from('{"messages":[{"max_tokens":1}],"max_tokens" : 1.50e3,"x":1}');
    expect(renameTopLevel(raw, 'max_tokens', 'max_completion_tokens').toString()).toBe(
      '{"messages":[{"max_tokens":1}],"max_completion_tokens" : 1.50e3,"x":1}',
    );
    expect(renameTopLevel(raw, 'absent', 'y')).toBe(raw);
  });
});
