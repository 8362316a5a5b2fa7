import { describe, expect, it } from 'vitest';
import type { IRRequest } from '../protocols/ir/types.js';
import { perModel, shapeIR, shapeRawBody } from './shaping.js';

describe('shapeRawBody', () => {
  it('appends the extra prompt to each protocol’s system prompt, leaving the input untouched', () => {
    const a = { system: 'Be brief.', messages: [] };
    expect(shapeRawBody('anthropic', a, { extraPrompt: 'X' }).body.system).toBe('Be brief.\n\nX');
    expect(shapeRawBody('anthropic', { messages: [] }, { extraPrompt: 'X' }).body.system).toEqual([
      { type: 'text', text: 'X' },
    ]);
    expect(a.system).toBe('Be brief.');
    const blocks = shapeRawBody('anthropic', { system: [{ type: 'text', text: 's' }] }, { extraPrompt: 'X' });
    expect(blocks.body.system).toEqual([
      { type: 'text', text: 's' },
      { type: 'text', text: 'X' },
    ]);

    const chat = shapeRawBody(
      'openai-chat',
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'u' },
        ],
      },
      { extraPrompt: 'X' },
    );
    expect(chat.body.messages).toEqual([
      { role: 'system', content: 's' },
      { role: 'system', content: 'X' },
      { role: 'user', content: 'u' },
    ]);
    expect(shapeRawBody('openai-responses', { input: 'hi' }, { extraPrompt: 'X' }).body.instructions).toBe(
      'X',
    );
    expect(
      shapeRawBody('openai-responses', { instructions: 'i' }, { extraPrompt: 'X' }).body.instructions,
    ).toBe('i\n\nX');
  });

  it('applies the default effort only when the client said nothing and the model offers it', () => {
    const offered = { effort: 'high' as const, efforts: ['low', 'medium', 'high'] };
    expect(shapeRawBody('openai-chat', { messages: [] }, offered).body.reasoning_effort).toBe('high');
    expect(shapeRawBody('openai-chat', { messages: [], reasoning_effort: 'low' }, offered).changed).toBe(
      false,
    );
    const notOffered = shapeRawBody('openai-chat', { messages: [] }, { effort: 'high' });
    expect(notOffered.changed).toBe(false);
    expect(notOffered.changes[0].detail).toContain('not applied');
    expect(shapeRawBody('anthropic', { messages: [] }, offered).body.output_config).toEqual({
      effort: 'high',
    });
    expect(shapeRawBody('anthropic', { messages: [], thinking: { type: 'disabled' } }, offered).changed).toBe(
      false,
    );
    expect(
      shapeRawBody('openai-responses', { input: 'x', reasoning: { summary: 'auto' } }, { effort: 'medium' })
        .body.reasoning,
    ).toEqual({
      summary: 'auto',
      effort: 'medium',
    });
  });
});

describe('shapeIR and perModel', () => {
  it('adds a system part and an effort to a decoded request', () => {
    const ir: IRRequest = { model: 'm', system: [], messages: [], tools: [], stream: false };
    const r = shapeIR(ir, { extraPrompt: 'X', effort: 'low' });
    expect(r.body.system).toEqual([{ type: 'text', text: 'X' }]);
    expect(r.body.reasoning).toEqual({ effort: 'low' });
    expect(shapeIR({ ...ir, reasoning: { enabled: false } }, { effort: 'low' }).changed).toBe(false);
  });

  it('prefers the model’s own entry over "*"', () => {
    expect(perModel({ '*': 1, a: 2 }, 'a')).toBe(2);
    expect(perModel({ '*': 1 }, 'b')).toBe(1);
    expect(perModel({}, 'b')).toBeUndefined();
  });
});
