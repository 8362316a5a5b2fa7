// Test support: fast-check arbitraries for IR values the Responses protocol can express, used by
// the round-trip property tests. Kept small: each generator says which corner of the IR it covers.
import fc from 'fast-check';
import { GatewayError } from '../../errors/gateway-error.js';
import type {
  IRContentPart,
  IRMessage,
  IRPart,
  IRReasoningPart,
  IRRequest,
  IRResponse,
  IRStreamEvent,
  IRTextPart,
  IRTool,
  IRToolCallPart,
  IRToolResultPart,
  IRUsage,
} from '../ir/types.js';

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const text = fc.string({ minLength: 1, maxLength: 40 });
/** Ids that already satisfy the Responses call_id rules, so sanitising leaves them unchanged. */
const callId = fc.stringMatching(/^call_[A-Za-z0-9]{1,20}$/);
const base64 = fc.base64String({ minLength: 4, maxLength: 24 });

const textPart = text.map((t): IRTextPart => ({ type: 'text', text: t }));
const refusalPart = text.map(
  (t): IRTextPart => ({ type: 'text', text: t, meta: { 'openai-responses': { refusal: true } } }),
);

const imagePart: fc.Arbitrary<IRContentPart> = fc.oneof(
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({
      kind: fc.constant('url' as const),
      url: word.map((w) => `https://example.com/${w}.png`),
    }),
    detail: fc.constantFrom('low', 'high', 'auto'),
  }),
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({
      kind: fc.constant('base64' as const),
      mediaType: fc.constantFrom('image/png', 'image/jpeg'),
      data: base64,
    }),
    detail: fc.constantFrom('low', 'high', 'auto'),
  }),
);

const filePart: fc.Arbitrary<IRContentPart> = fc.record({
  type: fc.constant('file' as const),
  source: fc.oneof(
    fc.record({
      kind: fc.constant('base64' as const),
      mediaType: fc.constant('application/pdf'),
      data: base64,
    }),
    fc.record({ kind: fc.constant('file-id' as const), fileId: word.map((w) => `file-${w}`) }),
  ),
  filename: word.map((w) => `${w}.pdf`),
});

const contentPart = fc.oneof({ weight: 3, arbitrary: textPart }, imagePart, filePart);

const toolResult: fc.Arbitrary<IRToolResultPart> = fc.record({
  type: fc.constant('tool-result' as const),
  callId,
  content: fc.oneof(fc.tuple(textPart), fc.array(contentPart, { minLength: 2, maxLength: 3 })),
  kind: fc.constantFrom('function' as const, 'custom' as const),
});

/** Reasoning as Responses carries it: summaries + native encrypted content; text = summaries joined. */
export const reasoningPart: fc.Arbitrary<IRReasoningPart> = fc
  .record({ summary: fc.array(text, { maxLength: 2 }), enc: base64.map((b) => `gAAAA${b}`) })
  .map(({ summary, enc }) => {
    const part: IRReasoningPart = { type: 'reasoning', text: summary.join('\n\n'), encryptedContent: enc };
    if (summary.length > 0) part.summary = summary;
    return part;
  });

export const toolCall: fc.Arbitrary<IRToolCallPart> = fc.oneof(
  fc.record({
    type: fc.constant('tool-call' as const),
    callId,
    name: word,
    arguments: fc.dictionary(word, fc.oneof(fc.integer(), word)).map((o) => JSON.stringify(o)),
    kind: fc.constant('function' as const),
  }),
  fc.record({
    type: fc.constant('tool-call' as const),
    callId,
    name: word,
    arguments: fc.string({ maxLength: 30 }),
    kind: fc.constant('custom' as const),
  }),
);

const userMessage: fc.Arbitrary<IRMessage> = fc
  .tuple(fc.array(toolResult, { maxLength: 2 }), fc.array(contentPart, { maxLength: 3 }))
  .filter(([results, content]) => results.length + content.length > 0)
  .map(([results, content]) => ({ role: 'user', parts: [...results, ...content] }));

const assistantMessage: fc.Arbitrary<IRMessage> = fc
  .array(fc.oneof(textPart, refusalPart, reasoningPart, toolCall), { minLength: 1, maxLength: 4 })
  .map((parts: IRPart[]) => ({ role: 'assistant', parts }));

/** Alternating turns starting with the user, as a real conversation has them. */
const messages: fc.Arbitrary<IRMessage[]> = fc
  .array(fc.tuple(userMessage, assistantMessage), { maxLength: 3 })
  .chain((pairs) => userMessage.map((last) => [...pairs.flat(), last]));

const tools: fc.Arbitrary<IRTool[]> = fc
  .uniqueArray(
    fc.oneof(
      fc.record(
        {
          kind: fc.constant('function' as const),
          name: word,
          description: text,
          parameters: fc.constant({ type: 'object', properties: { a: { type: 'string' } } }),
          strict: fc.boolean(),
        },
        { requiredKeys: ['kind', 'name', 'parameters', 'strict'] },
      ),
      fc.record(
        {
          kind: fc.constant('custom' as const),
          name: word,
          description: text,
          format: fc.constant({ type: 'grammar', syntax: 'lark', definition: 'start: "x"' }),
        },
        { requiredKeys: ['kind', 'name'] },
      ),
    ),
    { maxLength: 3, selector: (t) => t.name },
  )
  .map((ts): IRTool[] => [...ts]);

/** Requests within what `/responses` expresses (no stop, top_k, seed, penalties, metadata…). */
export const responsesRequest: fc.Arbitrary<IRRequest> = fc
  .record({
    model: word,
    system: fc.array(textPart, { maxLength: 1 }),
    messages,
    tools,
    stream: fc.boolean(),
    parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
    maxOutputTokens: fc.option(fc.integer({ min: 16, max: 100000 }), { nil: undefined }),
    temperature: fc.option(
      fc.integer({ min: 0, max: 200 }).map((n) => n / 100),
      { nil: undefined },
    ),
    topP: fc.option(
      fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
      { nil: undefined },
    ),
    reasoning: fc.option(
      fc
        .record({
          effort: fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh' as const),
          summary: fc.constantFrom('auto', 'concise', 'detailed' as const),
        })
        .map((r) => ({ ...r, enabled: r.effort !== 'none' })),
      { nil: undefined },
    ),
    responseFormat: fc.option(
      fc.oneof(
        fc.constant({ type: 'text' as const }),
        fc.constant({ type: 'json_object' as const }),
        fc.record({
          type: fc.constant('json_schema' as const),
          name: word,
          schema: fc.constant({ type: 'object' }),
          strict: fc.boolean(),
        }),
      ),
      { nil: undefined },
    ),
    verbosity: fc.option(fc.constantFrom('low', 'medium', 'high' as const), { nil: undefined }),
    promptCacheKey: fc.option(word, { nil: undefined }),
  })
  .chain((req) => {
    const named = req.tools.filter((t) => t.kind !== 'builtin') as Array<{
      name: string;
      kind: 'function' | 'custom';
    }>;
    const choices: Array<fc.Arbitrary<IRRequest['toolChoice']>> = [
      fc.constant(undefined),
      fc.constantFrom({ type: 'auto' as const }, { type: 'none' as const }, { type: 'required' as const }),
    ];
    if (named.length > 0) {
      choices.push(
        fc.constantFrom(...named).map((t) => ({ type: 'tool' as const, name: t.name, kind: t.kind })),
      );
      choices.push(
        fc
          .subarray(
            named.map((t) => t.name),
            { minLength: 1 },
          )
          .chain((names) =>
            fc
              .constantFrom('auto', 'required' as const)
              .map((mode) => ({ type: 'allowed' as const, names, mode })),
          ),
      );
    }
    return fc.oneof(...choices).map((toolChoice) => {
      const out: IRRequest = { ...req };
      if (toolChoice) out.toolChoice = toolChoice;
      for (const key of Object.keys(out) as Array<keyof IRRequest>)
        if (out[key] === undefined) delete out[key];
      return out;
    });
  });

export const usage: fc.Arbitrary<IRUsage> = fc
  .record({
    inputTokens: fc.nat(100000),
    outputTokens: fc.nat(10000),
    cachedInputTokens: fc.nat(1000),
    reasoningTokens: fc.nat(1000),
  })
  .map((u) => ({ ...u, cachedInputTokens: Math.min(u.cachedInputTokens, u.inputTokens) }));

/** Responses as an upstream would answer; the finish reason is consistent with the parts. */
export const responsesResponse: fc.Arbitrary<IRResponse> = fc
  .record({
    id: word.map((w) => `resp_${w}`),
    model: word,
    created: fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
    parts: fc.array(fc.oneof(textPart, refusalPart, reasoningPart, toolCall), { maxLength: 5 }),
    cut: fc.constantFrom(undefined, 'length' as const, 'content-filter' as const),
    usage,
  })
  .map(
    ({ cut, ...r }): IRResponse => ({
      ...r,
      finishReason: cut ?? (r.parts.some((p) => p.type === 'tool-call') ? 'tool-calls' : 'stop'),
    }),
  );

type Block =
  | { kind: 'text'; deltas: string[] }
  | { kind: 'reasoning'; deltas: string[]; encryptedContent?: string }
  | { kind: 'tool'; toolKind: 'function' | 'custom'; callId: string; name: string; deltas: string[] };

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), deltas: fc.array(text, { maxLength: 3 }) }),
  fc.record(
    {
      kind: fc.constant('reasoning' as const),
      deltas: fc.array(text, { maxLength: 3 }),
      encryptedContent: base64,
    },
    { requiredKeys: ['kind', 'deltas'] },
  ),
  fc.record({
    kind: fc.constant('tool' as const),
    toolKind: fc.constantFrom('function' as const, 'custom' as const),
    callId,
    name: word,
    deltas: fc.array(text, { minLength: 1, maxLength: 3 }),
  }),
);

const streamError = fc
  .constantFrom('context_length', 'quota', 'overloaded', 'invalid_request' as const)
  .map((kind) => new GatewayError(kind, `failure: ${kind}`));

/** A well-formed IR event stream (for a request whose model is `model`, at time `now`). */
export function streamEvents(model: string, now: number): fc.Arbitrary<IRStreamEvent[]> {
  return fc
    .record({
      blocks: fc.array(block, { maxLength: 5 }),
      end: fc.oneof(
        fc.constantFrom('stop' as const, 'length' as const, 'content-filter' as const),
        streamError,
      ),
      usage,
    })
    .map(({ blocks, end, usage: u }) => {
      const evs: IRStreamEvent[] = [{ type: 'start', id: 'up_1', model, created: now }];
      blocks.forEach((b, i) => {
        const id = `b${i}`;
        if (b.kind === 'text') {
          evs.push({ type: 'text-start', id });
          for (const delta of b.deltas) evs.push({ type: 'text-delta', id, delta });
          evs.push({ type: 'text-end', id });
        } else if (b.kind === 'reasoning') {
          evs.push({ type: 'reasoning-start', id });
          for (const delta of b.deltas) evs.push({ type: 'reasoning-delta', id, delta });
          evs.push(
            b.encryptedContent === undefined
              ? { type: 'reasoning-end', id }
              : { type: 'reasoning-end', id, encryptedContent: b.encryptedContent },
          );
        } else {
          evs.push({ type: 'tool-call-start', id, callId: b.callId, name: b.name, kind: b.toolKind });
          for (const delta of b.deltas) evs.push({ type: 'tool-call-delta', id, delta });
          evs.push({ type: 'tool-call-end', id });
        }
      });
      if (end instanceof GatewayError) evs.push({ type: 'error', error: end });
      else {
        const hasTools = blocks.some((b) => b.kind === 'tool');
        const reason = end === 'stop' && hasTools ? 'tool-calls' : end;
        evs.push({ type: 'finish', reason, usage: u });
      }
      return evs;
    });
}
