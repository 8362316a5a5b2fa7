// Test support (imported by tests only): fast-check arbitraries for IR values that OpenAI Chat can
// express, used by the round-trip property tests. Each generator states the constraint that keeps
// it inside Chat's expressive range (e.g. no unsigned reasoning in history, no adjacent text blocks).
import fc from 'fast-check';
import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import type {
  IRContentPart,
  IRMessage,
  IRPart,
  IRRequest,
  IRResponse,
  IRStreamEvent,
  IRTool,
  IRToolCallPart,
  IRUsage,
} from '../ir/types.js';

/** JSON has no -0, so doubles are normalised to keep the wire round trip exact. */
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((x) => x || 0);
const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const base64 = fc.base64String({ minLength: 4, maxLength: 16 });
const jsonArgs = fc
  .dictionary(name, fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxKeys: 3 })
  .map((o) => JSON.stringify(o));

const contentPart: fc.Arbitrary<IRContentPart> = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => ({ type: 'text' as const, text })),
  fc.record(
    {
      type: fc.constant('image' as const),
      source: fc.oneof(
        fc.record({
          kind: fc.constant('base64' as const),
          mediaType: fc.constantFrom('image/png', 'image/jpeg'),
          data: base64,
        }),
        fc.record({ kind: fc.constant('url' as const), url: name.map((n) => `https://img.test/${n}.png`) }),
      ),
      detail: fc.constantFrom('low', 'high', 'auto'),
    },
    { requiredKeys: ['type', 'source'] },
  ),
  fc.record(
    {
      type: fc.constant('file' as const),
      source: fc.oneof(
        fc.record({
          kind: fc.constant('base64' as const),
          mediaType: fc.constant('application/pdf'),
          data: base64,
        }),
        fc.record({ kind: fc.constant('file-id' as const), fileId: name }),
      ),
      filename: name.map((n) => `${n}.pdf`),
    },
    { requiredKeys: ['type', 'source'] },
  ),
);

/** An assistant turn: optional signed reasoning first, optional non-empty text, 0–2 calls. */
function assistantTurn(toolNames: string[], turn: number): fc.Arbitrary<IRMessage> {
  const call = (i: number): fc.Arbitrary<IRToolCallPart> =>
    fc.record({
      type: fc.constant('tool-call' as const),
      callId: fc.constant(`call_${turn}_${i}`),
      name: fc.constantFrom(...toolNames),
      arguments: jsonArgs,
      kind: fc.constant('function' as const),
    });
  return fc
    .record({
      reasoning: fc.option(
        fc.record({
          type: fc.constant('reasoning' as const),
          text: fc.string({ maxLength: 12 }),
          signature: nonEmpty,
        }),
        {
          nil: undefined,
        },
      ),
      text: fc.option(nonEmpty, { nil: undefined }),
      calls:
        toolNames.length > 0
          ? fc
              .integer({ min: 0, max: 2 })
              .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => call(i))))
          : fc.constant([]),
    })
    .map(({ reasoning, text, calls }) => {
      const parts: IRPart[] = [];
      if (reasoning) parts.push(reasoning);
      if (text !== undefined) parts.push({ type: 'text', text });
      parts.push(...calls);
      return { role: 'assistant' as const, parts };
    });
}

/** A user turn answering the previous calls (text-only results, results first) plus content. */
function userTurn(answering: IRToolCallPart[]): fc.Arbitrary<IRMessage> {
  const results = answering.map((c) =>
    fc.array(fc.string({ maxLength: 10 }), { minLength: 1, maxLength: 2 }).map((texts) => ({
      type: 'tool-result' as const,
      callId: c.callId,
      name: c.name,
      kind: 'function' as const,
      content: texts.map((text) => ({ type: 'text' as const, text })),
    })),
  );
  return fc
    .tuple(
      fc.tuple(...results),
      fc.array(contentPart, { minLength: answering.length > 0 ? 0 : 1, maxLength: 3 }),
    )
    .map(([r, c]) => ({ role: 'user' as const, parts: [...r, ...c] }));
}

function conversation(toolNames: string[], turns: number): fc.Arbitrary<IRMessage[]> {
  let arb: fc.Arbitrary<IRMessage[]> = userTurn([]).map((m) => [m]);
  for (let t = 0; t < turns; t++) {
    arb = arb.chain((msgs) =>
      assistantTurn(toolNames, t).chain((a) =>
        userTurn(a.parts.filter((p): p is IRToolCallPart => p.type === 'tool-call')).map((u) => [
          ...msgs,
          a,
          u,
        ]),
      ),
    );
  }
  return arb;
}

const functionTool = (n: string): fc.Arbitrary<IRTool> =>
  fc.record(
    {
      kind: fc.constant('function' as const),
      name: fc.constant(n),
      description: fc.string({ maxLength: 10 }),
      parameters: fc.constant({ type: 'object', properties: { q: { type: 'string' } } }),
      strict: fc.boolean(),
    },
    { requiredKeys: ['kind', 'name', 'parameters'] },
  );

/** Requests Chat can carry to a reasoning-effort target (`{id: model, reasoningEfforts: low..high}`). */
export const chatRequestArb: fc.Arbitrary<IRRequest> = fc
  .record({
    toolNames: fc.uniqueArray(name, { maxLength: 3 }),
    turns: fc.integer({ min: 0, max: 2 }),
  })
  .chain(({ toolNames, turns }) =>
    fc.record(
      {
        model: name,
        system: fc.array(
          fc.string({ maxLength: 12 }).map((text) => ({ type: 'text' as const, text })),
          { maxLength: 2 },
        ),
        messages: conversation(toolNames, turns),
        tools: toolNames.length > 0 ? fc.tuple(...toolNames.map(functionTool)) : fc.constant([]),
        toolChoice:
          toolNames.length > 0
            ? fc.oneof(
                fc.constantFrom(
                  { type: 'auto' as const },
                  { type: 'none' as const },
                  { type: 'required' as const },
                ),
                fc
                  .constantFrom(...toolNames)
                  .map((n) => ({ type: 'tool' as const, name: n, kind: 'function' as const })),
              )
            : fc.constant(undefined),
        parallelToolCalls: toolNames.length > 0 ? fc.boolean() : fc.constant(undefined),
        maxOutputTokens: fc.integer({ min: 1, max: 100000 }),
        temperature: num(0, 2),
        topP: num(0, 1),
        stop: fc.array(nonEmpty, { minLength: 1, maxLength: 4 }),
        seed: fc.integer(),
        presencePenalty: num(-2, 2),
        frequencyPenalty: num(-2, 2),
        reasoning: fc
          .constantFrom('low', 'medium', 'high')
          .map((effort) => ({ effort: effort as 'low' | 'medium' | 'high' })),
        responseFormat: fc.oneof(
          fc.constantFrom({ type: 'text' as const }, { type: 'json_object' as const }),
          fc.record(
            {
              type: fc.constant('json_schema' as const),
              name,
              schema: fc.constant({ type: 'object' }),
              strict: fc.boolean(),
            },
            { requiredKeys: ['type', 'name', 'schema'] },
          ),
        ),
        stream: fc.boolean(),
      },
      { requiredKeys: ['model', 'system', 'messages', 'tools', 'stream'] },
    ),
  )
  .map((r) => {
    const req = { ...r } as IRRequest;
    for (const k of Object.keys(req) as Array<keyof IRRequest>) if (req[k] === undefined) delete req[k];
    // Egress always asks Copilot for streaming usage; the decoded request says so.
    if (req.stream) req.streamIncludeUsage = true;
    return req;
  });

const usageArb: fc.Arbitrary<IRUsage> = fc.record(
  {
    inputTokens: fc.nat(200000),
    outputTokens: fc.nat(50000),
    cachedInputTokens: fc.nat(1000),
    cacheWriteTokens: fc.nat(1000),
    reasoningTokens: fc.nat(1000),
    copilotUsage: fc.record({ total_nano_aiu: fc.nat() }),
  },
  { requiredKeys: ['inputTokens', 'outputTokens'] },
);

/** Responses a Chat completion can carry: reasoning, text, refusal, then calls, in that order. */
export const chatResponseArb: fc.Arbitrary<IRResponse> = fc
  .record({
    id: name.map((n) => `chatcmpl-${n}`),
    model: name,
    created: fc.nat(),
    reasoning: fc.option(
      fc.oneof(
        fc.record({ type: fc.constant('reasoning' as const), text: nonEmpty }),
        fc.record({
          type: fc.constant('reasoning' as const),
          text: fc.string({ maxLength: 8 }),
          signature: nonEmpty,
        }),
      ),
      { nil: undefined },
    ),
    text: fc.option(nonEmpty, { nil: undefined }),
    refusal: fc.option(nonEmpty, { nil: undefined }),
    calls: fc.uniqueArray(
      fc.record({
        type: fc.constant('tool-call' as const),
        callId: name.map((n) => `call_${n}`),
        name,
        arguments: jsonArgs,
        kind: fc.constantFrom('function' as const, 'custom' as const),
      }),
      { maxLength: 3, selector: (c: { callId: string }) => c.callId },
    ),
    finish: fc.constantFrom('stop' as const, 'length' as const, 'content-filter' as const),
    usage: fc.option(usageArb, { nil: undefined }),
  })
  .map(({ id, model, created, reasoning, text, refusal, calls, finish, usage }) => {
    const parts: IRResponse['parts'] = [];
    if (reasoning) parts.push(reasoning);
    if (text !== undefined) parts.push({ type: 'text', text });
    if (refusal !== undefined)
      parts.push({ type: 'text', text: refusal, meta: { 'openai-chat': { refusal: true } } });
    parts.push(...calls);
    const res: IRResponse = {
      id,
      model,
      created,
      parts,
      finishReason: calls.length > 0 && finish === 'stop' ? 'tool-calls' : finish,
    };
    if (usage) res.usage = usage;
    return res;
  });

type Block = { kind: 'text' | 'reasoning' | 'tool'; events: IRStreamEvent[] };

const textBlock = (id: string): fc.Arbitrary<Block> =>
  fc.array(nonEmpty, { minLength: 1, maxLength: 3 }).map((deltas) => ({
    kind: 'text',
    events: [
      { type: 'text-start', id },
      ...deltas.map((delta) => ({ type: 'text-delta' as const, id, delta })),
      { type: 'text-end', id },
    ],
  }));

const reasoningBlock = (id: string): fc.Arbitrary<Block> =>
  fc
    .record({
      deltas: fc.array(nonEmpty, { maxLength: 3 }),
      signature: fc.option(nonEmpty, { nil: undefined }),
    })
    .filter(({ deltas, signature }) => deltas.length > 0 || signature !== undefined)
    .map(({ deltas, signature }) => ({
      kind: 'reasoning',
      events: [
        { type: 'reasoning-start', id },
        ...deltas.map((delta) => ({ type: 'reasoning-delta' as const, id, delta })),
        ...(signature
          ? [
              { type: 'reasoning-signature' as const, id, signature },
              { type: 'reasoning-end' as const, id, signature },
            ]
          : [{ type: 'reasoning-end' as const, id }]),
      ],
    }));

const toolBlock = (id: string, n: number): fc.Arbitrary<Block> =>
  fc.record({ name, deltas: fc.array(nonEmpty, { maxLength: 3 }) }).map(({ name: toolName, deltas }) => ({
    kind: 'tool',
    events: [
      { type: 'tool-call-start', id, callId: `call_${n}`, name: toolName, kind: 'function' },
      ...deltas.map((delta) => ({ type: 'tool-call-delta' as const, id, delta })),
      { type: 'tool-call-end', id },
    ],
  }));

const errorKinds: GatewayErrorKind[] = [
  'invalid_request',
  'quota',
  'rate_limit',
  'overloaded',
  'timeout',
  'upstream',
  'context_length',
];

export interface StreamCase {
  includeUsage: boolean;
  model: string;
  events: IRStreamEvent[];
}

/** Streams in the canonical shape a Chat decoder produces: no two adjacent text or reasoning blocks. */
export const chatStreamArb: fc.Arbitrary<StreamCase> = fc
  .record({
    model: name,
    created: fc.nat(),
    kinds: fc.array(fc.constantFrom('text' as const, 'reasoning' as const, 'tool' as const), {
      maxLength: 6,
    }),
    includeUsage: fc.boolean(),
    usage: usageArb,
    finish: fc.constantFrom('stop' as const, 'length' as const, 'content-filter' as const),
    error: fc.option(fc.record({ kind: fc.constantFrom(...errorKinds), message: nonEmpty }), {
      nil: undefined,
    }),
  })
  .chain((c) => {
    const kinds = c.kinds.filter((k, i) => k === 'tool' || k !== c.kinds[i - 1]);
    const blocks = kinds.map((k, i) =>
      k === 'text' ? textBlock(`b${i}`) : k === 'reasoning' ? reasoningBlock(`b${i}`) : toolBlock(`b${i}`, i),
    );
    return fc.tuple(...blocks).map((bs) => {
      const events: IRStreamEvent[] = [
        { type: 'start', id: 'chatcmpl-s', model: c.model, created: c.created },
      ];
      for (const b of bs) events.push(...b.events);
      if (c.error) {
        events.push({ type: 'error', error: new GatewayError(c.error.kind, c.error.message) });
      } else {
        const hasTools = bs.some((b) => b.kind === 'tool');
        const reason = hasTools && c.finish === 'stop' ? 'tool-calls' : c.finish;
        if (c.includeUsage) {
          events.push({ type: 'usage', usage: c.usage });
          events.push({ type: 'finish', reason, usage: c.usage });
        } else events.push({ type: 'finish', reason });
      }
      return { includeUsage: c.includeUsage, model: c.model, events };
    });
  });
