import { describe, expect, it } from 'vitest';
import { cell, table } from './markdown.js';

describe('markdown table cells', () => {
  it('escapes pipes and < outside code spans, and folds line breaks', () => {
    expect(cell('a | b')).toBe('a \\| b');
    expect(cell('from <host>/api and `<host>/api`')).toBe('from &lt;host>/api and `<host>/api`');
    expect(cell('one\n  two')).toBe('one two');
  });

  it('builds a header, a separator and one line per row', () => {
    expect(table(['k', 'v'], [['a', 'x|y']])).toBe('| k | v |\n|---|---|\n| a | x\\|y |');
  });
});
