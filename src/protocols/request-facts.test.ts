// The initiator and has-images rules of each protocol (pure functions over raw bodies).
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_SIGNATURE_PREFIX } from './anthropic/foreign-reasoning.js';
import {
  anthropicHasImages,
  anthropicInitiator,
  carriesForeignReasoning,
} from './anthropic/request-facts.js';
import { geminiHasImages, geminiInitiator } from './gemini/request-facts.js';
import { chatHasImages, chatInitiator } from './openai-chat/request-facts.js';
import { responsesHasImages, responsesInitiator } from './openai-responses/request-facts.js';

const raw = (body: unknown) => Buffer.from(JSON.stringify(body));

describe('initiator rules: the last message decides', () => {
  it('chat: user, system and developer turns are the user; assistant and tool turns are the agent', () => {
    expect(chatInitiator({ messages: [] })).toBe('user');
    expect(chatInitiator({})).toBe('user');
    expect(chatInitiator({ messages: [{ role: 'user', content: 'hi' }] })).toBe('user');
    expect(chatInitiator({ messages: [{ role: 'developer', content: 'x' }] })).toBe('user');
    expect(
      chatInitiator({
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'c', content: 'r' },
        ],
      }),
    ).toBe('agent');
    expect(chatInitiator({ messages: [{ role: 'assistant', content: 'x' }] })).toBe('agent');
  });

  it('anthropic: a user turn made only of tool results is the agent', () => {
    expect(anthropicInitiator({ messages: [] })).toBe('user');
    expect(anthropicInitiator({ messages: [{ role: 'user', content: 'hi' }] })).toBe('user');
    const toolResults = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'r' }] };
    expect(anthropicInitiator({ messages: [toolResults] })).toBe('agent');
    const mixed = {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't', content: 'r' },
        { type: 'text', text: 'and now this' },
      ],
    };
    expect(anthropicInitiator({ messages: [mixed] })).toBe('user');
    expect(anthropicInitiator({ messages: [{ role: 'assistant', content: 'prefill' }] })).toBe('agent');
  });

  it('responses: a string input is the user; a trailing function_call_output is the agent', () => {
    expect(responsesInitiator({ input: 'hi' })).toBe('user');
    expect(responsesInitiator({ input: [] })).toBe('user');
    expect(responsesInitiator({ input: [{ role: 'user', content: 'hi' }] })).toBe('user');
    expect(
      responsesInitiator({
        input: [
          { role: 'user', content: 'hi' },
          { type: 'function_call_output', call_id: 'c' },
        ],
      }),
    ).toBe('agent');
  });

  it('gemini: a model turn or a turn of function responses only is the agent', () => {
    expect(geminiInitiator({ contents: [] })).toBe('user');
    expect(geminiInitiator({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })).toBe('user');
    expect(geminiInitiator({ contents: [{ role: 'model', parts: [{ text: 'x' }] }] })).toBe('agent');
    expect(
      geminiInitiator({
        contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }],
      }),
    ).toBe('agent');
  });
});

describe('has-images rules', () => {
  it('finds images in each protocol’s shape, nested in tool results too', () => {
    const chat = {
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:' } }] }],
    };
    expect(chatHasImages(raw(chat), chat)).toBe(true);
    const anthropic = {
      messages: [
        { role: 'user', content: [{ type: 'tool_result', content: [{ type: 'image', source: {} }] }] },
      ],
    };
    expect(anthropicHasImages(raw(anthropic), anthropic)).toBe(true);
    const responses = { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] };
    expect(responsesHasImages(undefined, responses)).toBe(true);
    const gemini = {
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: '' } }] }],
    };
    expect(geminiHasImages(raw(gemini), gemini)).toBe(true);
  });

  it('does not walk a body whose bytes never say "image", and ignores non-image parts', () => {
    const body = { messages: [{ role: 'user', content: [{ type: 'image_url' }] }] };
    // The bytes decide first: a body that does not contain the word is not walked.
    expect(chatHasImages(Buffer.from('{}'), body)).toBe(false);
    const audio = {
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: '' } }] }],
    };
    expect(geminiHasImages(raw(audio), audio)).toBe(false);
    expect(
      anthropicHasImages(undefined, { messages: [{ role: 'user', content: 'an image of a cat' }] }),
    ).toBe(false);
  });

  it('recognises reasoning minted by another upstream in a Messages body', () => {
    expect(carriesForeignReasoning(Buffer.from('{"messages":[]}'))).toBe(false);
    const signed = { type: 'thinking', thinking: 't', signature: `${ENCRYPTED_SIGNATURE_PREFIX}abc` };
    expect(carriesForeignReasoning(raw({ messages: [{ role: 'assistant', content: [signed] }] }))).toBe(true);
  });
});
