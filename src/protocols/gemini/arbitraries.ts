// fast-check arbitraries for the round-trip property tests: IR values within what Gemini can
// express (test support only). Kept small: each generator names the constraint it encodes.
import fc from 'fast-check';
import { GatewayError } from '../../errors/gateway-error.js';
import type {
  IRFinishReason,
  IRMessage,
  IRPart,
  IRReasoningConfig,
  IRRequest,
  IRResponse,
  IRStreamEvent,
  IRTool,
  IRToolChoice,
  IRUsage,
} from '../ir/types.js';

const word = fc.string({ minLength: 1, maxLength: 12 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const jsonArgs = fc.dictionary(name, fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });
/** JSON has no -0, so a double is normalised the way a wire round trip would. */
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((v) => v + 0);
const base64 = fc.constantFrom('iVBORw0KGgo=', 'JVBERi0xLjQ=', '/9j/4AAQSkZJRg==');

export const usageArb: fc.Arbitrary<IRUsage> = fc
  .record({
    input: fc.nat(1e5),
    visible: fc.nat(1e5),
    reasoning: fc.option(fc.nat(1e5), { nil: undefined }),
    cached: fc.option(fc.nat(1e4), { nil: undefined }),
  })
  .map(({ input, visible, reasoning, cached }) => ({
    inputTokens: input + (cached ?? 0),
    outputTokens: visible + (reasoning ?? 0),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
    ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
  }));

const userContent = fc.oneof(
  word.map((text) => ({ type: 'text' as const, text })),
  base64.map((data) => ({
    type: 'image' as const,
    source: { kind: 'base64' as const, mediaType: 'image/png', data },
  })),
  base64.map((data) => ({
    type: 'file' as const,
    source: { kind: 'base64' as const, mediaType: 'application/pdf', data },
  })),
  fc.webUrl().map((url) => ({
    type: 'image' as const,
    source: { kind: 'url' as const, url, mediaType: 'image/jpeg' },
  })),
);

/** Reasoning with non-empty text; a signature (from another provider) travels in an envelope. */
const reasoningPart = fc
  .record({ text: word, signature: fc.option(word, { nil: undefined }) })
  .map(({ text, signature }) => ({
    type: 'reasoning' as const,
    text,
    ...(signature !== undefined ? { signature } : {}),
  }));

interface AssistantTurn {
  parts: IRPart[];
  calls: Array<{ callId: string; name: string }>;
}

/** An assistant turn; call ids are unique across the conversation (`call_<turn>_<n>`). */
const assistantTurn = (turn: number): fc.Arbitrary<AssistantTurn> =>
  fc
    .array(
      fc.oneof(
        reasoningPart,
        word.map((text) => ({ type: 'text' as const, text })),
        fc
          .record({ name, args: jsonArgs })
          .map(({ name, args }) => ({ type: 'tool-call' as const, name, args })),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) => {
      const calls: AssistantTurn['calls'] = [];
      const parts = items.map((p): IRPart => {
        if (p.type !== 'tool-call') return p;
        const callId = `call_${turn}_${calls.length}`;
        calls.push({ callId, name: p.name });
        return {
          type: 'tool-call',
          callId,
          name: p.name,
          arguments: JSON.stringify(p.args),
          kind: 'function',
        };
      });
      return { parts, calls };
    });

const messagesArb: fc.Arbitrary<IRMessage[]> = fc.integer({ min: 0, max: 3 }).chain((turns) =>
  fc
    .tuple(
      fc.array(userContent, { minLength: 1, maxLength: 3 }),
      fc.tuple(
        ...Array.from({ length: turns }, (_, t) =>
          fc.tuple(
            assistantTurn(t),
            fc.array(fc.tuple(fc.string(), fc.boolean()), { minLength: 4, maxLength: 4 }),
            fc.array(userContent, { maxLength: 2 }),
          ),
        ),
      ),
    )
    .map(([first, rest]) => {
      const messages: IRMessage[] = [{ role: 'user', parts: first }];
      for (const [assistant, results, extra] of rest) {
        messages.push({ role: 'assistant', parts: assistant.parts });
        const parts: IRPart[] = assistant.calls.map((c, i) => ({
          type: 'tool-result',
          callId: c.callId,
          name: c.name,
          content: [{ type: 'text', text: results[i % results.length][0] }],
          ...(results[i % results.length][1] ? { isError: true } : {}),
          kind: 'function',
        }));
        parts.push(...extra);
        // Gemini needs a user turn after a model turn; an empty one is still a turn.
        messages.push({ role: 'user', parts });
      }
      return messages;
    }),
);

const toolsArb: fc.Arbitrary<IRTool[]> = fc.array(
  fc.oneof(
    fc
      .record(
        {
          name,
          description: word,
          parameters: fc.constantFrom<Record<string, unknown>>(
            { type: 'object', properties: {} },
            {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
              additionalProperties: false,
            },
            {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              properties: { n: { type: ['integer', 'null'] } },
            },
          ),
        },
        { requiredKeys: ['name', 'parameters'] },
      )
      .map((t) => ({ kind: 'function' as const, ...t })),
    fc.constant<IRTool>({
      kind: 'builtin',
      type: 'googleSearch',
      raw: { googleSearch: {} },
      origin: 'gemini',
    }),
  ),
  { maxLength: 3 },
);

const toolChoiceArb: fc.Arbitrary<IRToolChoice> = fc.oneof(
  fc.constant({ type: 'auto' as const }),
  fc.constant({ type: 'none' as const }),
  fc.constant({ type: 'required' as const }),
  name.map((n) => ({ type: 'tool' as const, name: n })),
  fc
    .array(name, { minLength: 2, maxLength: 3 })
    .map((names) => ({ type: 'allowed' as const, names, mode: 'required' as const })),
  fc
    .array(name, { minLength: 1, maxLength: 3 })
    .map((names) => ({ type: 'allowed' as const, names, mode: 'auto' as const })),
);

const reasoningArb: fc.Arbitrary<IRReasoningConfig> = fc
  .tuple(
    fc.oneof(
      fc.constant<IRReasoningConfig>({ enabled: false }),
      fc.constant<IRReasoningConfig>({ enabled: true, adaptive: true }),
      fc.integer({ min: 1, max: 32768 }).map((budgetTokens) => ({ enabled: true, budgetTokens })),
      fc
        .constantFrom('minimal', 'low', 'medium', 'high' as const)
        .map((effort) => ({ enabled: true, effort })),
    ),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([r, includeThoughts]) => (includeThoughts === undefined ? r : { ...r, includeThoughts }));

export const requestArb: fc.Arbitrary<IRRequest> = fc
  .record(
    {
      model: name,
      system: fc.array(
        word.map((text) => ({ type: 'text' as const, text })),
        { maxLength: 2 },
      ),
      messages: messagesArb,
      tools: toolsArb,
      toolChoice: toolChoiceArb,
      temperature: finite(0, 2),
      topP: finite(0, 1),
      topK: fc.integer({ min: 1, max: 100 }),
      maxOutputTokens: fc.integer({ min: 1, max: 65536 }),
      stop: fc.array(word, { minLength: 1, maxLength: 5 }),
      seed: fc.integer(),
      presencePenalty: finite(-2, 2),
      frequencyPenalty: finite(-2, 2),
      reasoning: reasoningArb,
      responseFormat: fc.oneof(
        fc.constant({ type: 'json_object' as const }),
        fc.constant({
          type: 'json_schema' as const,
          schema: { type: 'object', properties: { a: { type: 'string' } } },
        }),
      ),
      stream: fc.constant(false),
    },
    { requiredKeys: ['model', 'system', 'messages', 'tools', 'stream'] },
  )
  .map((r) => r as IRRequest);

const responsePart = fc.oneof(
  reasoningPart,
  word.map((text) => ({ type: 'text' as const, text })),
  fc.record({ name, args: jsonArgs }).map(({ name, args }) => ({
    type: 'tool-call' as const,
    callId: '',
    name,
    arguments: JSON.stringify(args),
    kind: 'function' as const,
  })),
);

export const responseArb: fc.Arbitrary<IRResponse> = fc
  .record({
    id: fc.stringMatching(/^resp_[a-z0-9]{1,8}$/),
    model: name,
    parts: fc.array(responsePart, { maxLength: 5 }),
    reason: fc.constantFrom<IRFinishReason>('stop', 'length', 'content-filter', 'other', 'error'),
    usage: usageArb,
  })
  .map(({ id, model, parts: raw, reason, usage }) => {
    // Unique call ids by position.
    const parts = raw.map((p, i) => (p.type === 'tool-call' ? { ...p, callId: `call_${i}` } : p));
    const hasCalls = parts.some((p) => p.type === 'tool-call');
    const finishReason: IRFinishReason = hasCalls && reason === 'stop' ? 'tool-calls' : reason;
    return { id, model, created: 1767225600, parts, finishReason, usage };
  });

/** Splits a string into 1–3 non-empty deltas. */
const deltas = (s: string): fc.Arbitrary<string[]> =>
  fc.array(fc.nat(s.length), { maxLength: 2 }).map((cuts) => {
    const points = [...new Set([0, ...cuts, s.length])].sort((a, b) => a - b);
    const out: string[] = [];
    for (let i = 1; i < points.length; i++)
      if (points[i] > points[i - 1]) out.push(s.slice(points[i - 1], points[i]));
    return out;
  });

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string; signature?: string }
  | { kind: 'tool'; callId: string; name: string; args: Record<string, unknown> };

const blockArb: fc.Arbitrary<Block> = fc.oneof(
  word.map((text) => ({ kind: 'text' as const, text })),
  fc.record({ text: word, signature: fc.option(word, { nil: undefined }) }).map(({ text, signature }) => ({
    kind: 'reasoning' as const,
    text,
    ...(signature !== undefined ? { signature } : {}),
  })),
  fc
    .record({ name, args: jsonArgs })
    .map(({ name, args }) => ({ kind: 'tool' as const, callId: '', name, args })),
);

/**
 * A well-ordered IR event stream (start, blocks, usage, finish or error). Adjacent text blocks
 * or adjacent reasoning blocks are not generated: Gemini has no block boundaries, so a decoder
 * merges them, which is correct but not an identity.
 */
export const streamArb: fc.Arbitrary<IRStreamEvent[]> = fc
  .record({
    blocks: fc
      .array(blockArb, { maxLength: 5 })
      .filter((bs) => bs.every((b, i) => i === 0 || b.kind === 'tool' || b.kind !== bs[i - 1].kind)),
    reason: fc.constantFrom<IRFinishReason>('stop', 'length', 'content-filter', 'other'),
    usage: usageArb,
    fail: fc.boolean(),
  })
  .chain(({ blocks, reason, usage, fail }) =>
    fc
      .tuple(...blocks.map((b) => (b.kind === 'tool' ? deltas(JSON.stringify(b.args)) : deltas(b.text))))
      .map((pieces) => {
        const events: IRStreamEvent[] = [
          { type: 'start', id: 'resp_s1', model: 'gemini-x', created: 1767225600 },
        ];
        let hasCalls = false;
        blocks.forEach((b, i) => {
          const id = `b${i}`;
          if (b.kind === 'text') {
            events.push(
              { type: 'text-start', id },
              ...pieces[i].map((delta) => ({ type: 'text-delta' as const, id, delta })),
              { type: 'text-end', id },
            );
          } else if (b.kind === 'reasoning') {
            events.push(
              { type: 'reasoning-start', id },
              ...pieces[i].map((delta) => ({ type: 'reasoning-delta' as const, id, delta })),
              { type: 'reasoning-end', id, ...(b.signature !== undefined ? { signature: b.signature } : {}) },
            );
          } else {
            hasCalls = true;
            events.push(
              { type: 'tool-call-start', id, callId: `call_${i}`, name: b.name, kind: 'function' },
              ...pieces[i].map((delta) => ({ type: 'tool-call-delta' as const, id, delta })),
              { type: 'tool-call-end', id },
            );
          }
        });
        events.push({ type: 'usage', usage: { inputTokens: usage.inputTokens, outputTokens: 0 } });
        if (fail) {
          events.push({ type: 'error', error: new GatewayError('overloaded', 'Overloaded') });
        } else {
          events.push({
            type: 'finish',
            reason: hasCalls && reason === 'stop' ? 'tool-calls' : reason,
            usage,
          });
        }
        return events;
      }),
  );
