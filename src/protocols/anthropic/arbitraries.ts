// fast-check arbitraries for the Anthropic round-trip property tests (test support only).
// They generate IR values inside what the Anthropic protocol can express exactly: alternating
// roles, tool results first in user turns, signed thinking first in assistant turns, non-empty
// text, JSON-object tool arguments.
import fc from 'fast-check';
import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import type {
  IRFinishReason,
  IRMessage,
  IRPart,
  IRRequest,
  IRResponse,
  IRStreamEvent,
  IRTool,
  IRUsage,
} from '../ir/types.js';

export const NOW = 1767225600;

/** Text that survives Anthropic's "non-empty, non-whitespace" rule. */
export const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const toolCallId = fc.stringMatching(/^toolu_[a-zA-Z0-9_-]{1,16}$/);
const signature = fc.base64String({ minLength: 4, maxLength: 40 }).filter((s) => s.length > 0);
const jsonArgs = fc
  .dictionary(word, fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.boolean()), { maxKeys: 3 })
  .map((o) => JSON.stringify(o));

const textPart = text.map((t): IRPart => ({ type: 'text', text: t }));
const imagePart = fc
  .record({
    mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'),
    data: signature,
  })
  .map(({ mediaType, data }): IRPart => ({ type: 'image', source: { kind: 'base64', mediaType, data } }));
const toolResultPart = fc
  .record({ callId: toolCallId, content: fc.array(text, { maxLength: 2 }), isError: fc.boolean() })
  .map(({ callId, content, isError }): IRPart => {
    const p: IRPart = {
      type: 'tool-result',
      callId,
      content: content.map((t) => ({ type: 'text' as const, text: t })),
    };
    if (isError) p.isError = true;
    return p;
  });
const reasoningPart = fc.oneof(
  fc
    .record({ text: fc.string({ maxLength: 20 }), signature })
    .map((r): IRPart => ({ type: 'reasoning', ...r })),
  signature.map((d): IRPart => ({ type: 'reasoning', text: '', redactedData: d })),
);
const toolCallPart = fc
  .record({ callId: toolCallId, name: word, arguments: jsonArgs })
  .map((c): IRPart => ({ type: 'tool-call', ...c, kind: 'function' }));

const userMessage = fc
  .tuple(
    fc.array(toolResultPart, { maxLength: 2 }),
    fc.array(fc.oneof(textPart, imagePart), { maxLength: 2 }),
  )
  .filter(([results, rest]) => results.length + rest.length > 0)
  .map(([results, rest]): IRMessage => ({ role: 'user', parts: [...results, ...rest] }));
const assistantMessage = fc
  .tuple(
    fc.array(reasoningPart, { maxLength: 2 }),
    fc.array(fc.oneof(textPart, toolCallPart), { minLength: 1, maxLength: 3 }),
  )
  .map(([thinking, rest]): IRMessage => ({ role: 'assistant', parts: [...thinking, ...rest] }));

const conversation = fc
  .array(fc.tuple(userMessage, assistantMessage), { minLength: 1, maxLength: 3 })
  .chain((pairs) => fc.tuple(fc.constant(pairs.flat()), userMessage))
  .map(([turns, last]) => [...turns, last]);

const functionTool = fc
  .record({ name: word, description: fc.option(text, { nil: undefined }) })
  .map(({ name, description }): IRTool => {
    const t: IRTool = {
      kind: 'function',
      name,
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
    };
    if (description !== undefined) t.description = description;
    return t;
  });

/** Thinking can only stay on when the answered tool-calling turn opens with its thinking block. */
function thinkingReplayable(messages: IRMessage[]): boolean {
  const last = messages[messages.length - 1]!;
  const assistant = messages[messages.length - 2];
  if (last.parts[0]?.type !== 'tool-result' || !assistant) return true;
  if (!assistant.parts.some((p) => p.type === 'tool-call')) return true;
  return assistant.parts[0]?.type === 'reasoning';
}

/** IR requests an Anthropic egress body can carry without loss (target: sonnetTarget). */
export const irRequest: fc.Arbitrary<IRRequest> = fc
  .record({
    model: word,
    system: fc.array(textPart, { maxLength: 2 }),
    messages: conversation,
    tools: fc.uniqueArray(functionTool, { maxLength: 2, selector: (t) => (t as { name: string }).name }),
    maxOutputTokens: fc.integer({ min: 2048, max: 32000 }),
    thinking: fc.boolean(),
    budgetFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    choice: fc.constantFrom('none-set', 'auto', 'none', 'required', 'tool'),
    parallelOff: fc.boolean(),
    temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    topK: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    stop: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    stream: fc.boolean(),
    user: fc.option(word, { nil: undefined }),
    jsonSchema: fc.boolean(),
  })
  .map((r) => {
    const req: IRRequest = {
      model: r.model,
      system: r.system as IRRequest['system'],
      messages: r.messages,
      tools: r.tools,
      stream: r.stream,
      maxOutputTokens: r.maxOutputTokens,
    };
    if (r.thinking && thinkingReplayable(r.messages)) {
      const span = r.maxOutputTokens - 1 - 1024;
      req.reasoning = { enabled: true, budgetTokens: 1024 + Math.floor(span * r.budgetFraction) };
    } else {
      if (r.temperature !== undefined) req.temperature = r.temperature;
      if (r.topK !== undefined) req.topK = r.topK;
    }
    if (r.tools.length) {
      const forced = r.choice === 'required' || r.choice === 'tool';
      if (r.choice !== 'none-set' && !(forced && r.thinking)) {
        req.toolChoice =
          r.choice === 'tool'
            ? { type: 'tool', name: (r.tools[0] as { name: string }).name }
            : { type: r.choice as 'auto' | 'none' | 'required' };
      }
      // disable_parallel_tool_use lives inside tool_choice, so it needs an explicit, non-none choice.
      if (r.parallelOff && req.toolChoice && req.toolChoice.type !== 'none') req.parallelToolCalls = false;
    }
    if (r.stop) req.stop = r.stop;
    if (r.user) req.user = r.user;
    if (r.jsonSchema)
      req.responseFormat = { type: 'json_schema', schema: { type: 'object', additionalProperties: false } };
    return req;
  });

const usage: fc.Arbitrary<IRUsage> = fc
  .record({ fresh: fc.nat(5000), cached: fc.nat(5000), write: fc.nat(500), output: fc.nat(5000) })
  .map((u) => ({
    inputTokens: u.fresh + u.cached + u.write,
    cachedInputTokens: u.cached,
    cacheWriteTokens: u.write,
    outputTokens: u.output,
  }));

const finishFor = (hasTools: boolean): fc.Arbitrary<{ reason: IRFinishReason; stopSequence?: string }> =>
  hasTools
    ? fc.constantFrom<IRFinishReason>('tool-calls', 'length').map((reason) => ({ reason }))
    : fc.oneof(
        fc
          .constantFrom<IRFinishReason>('stop', 'length', 'context-length', 'refusal', 'pause')
          .map((reason) => ({ reason })),
        text.map((s) => ({ reason: 'stop-sequence' as const, stopSequence: s })),
      );

/** IR responses an Anthropic message can carry without loss. */
export const irResponse: fc.Arbitrary<IRResponse> = fc
  .record({
    id: fc.stringMatching(/^msg_[a-zA-Z0-9]{4,20}$/),
    model: word,
    thinking: fc.array(reasoningPart, { maxLength: 1 }),
    rest: fc.array(fc.oneof(textPart, toolCallPart), { maxLength: 3 }),
    usage,
  })
  .chain((r) => {
    const hasTools = r.rest.some((p) => p.type === 'tool-call');
    return finishFor(hasTools).map((f): IRResponse => {
      const res: IRResponse = {
        id: r.id,
        model: r.model,
        created: NOW,
        parts: [...r.thinking, ...r.rest] as IRResponse['parts'],
        finishReason: f.reason,
        usage: r.usage,
      };
      if (f.stopSequence !== undefined) res.stopSequence = f.stopSequence;
      return res;
    });
  });

type Block =
  | { kind: 'text'; deltas: string[] }
  | { kind: 'reasoning'; deltas: string[]; signature: string }
  | { kind: 'redacted'; data: string }
  | { kind: 'tool'; callId: string; name: string; args: string; cuts: number[] };

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.array(text, { minLength: 1, maxLength: 3 }).map((deltas): Block => ({ kind: 'text', deltas })),
  fc
    .record({ deltas: fc.array(text, { maxLength: 3 }), signature })
    .map((r): Block => ({ kind: 'reasoning', ...r })),
  signature.map((data): Block => ({ kind: 'redacted', data })),
  fc
    .record({ callId: toolCallId, name: word, args: jsonArgs, cuts: fc.array(fc.nat(40), { maxLength: 3 }) })
    .map((r): Block => ({ kind: 'tool', ...r })),
);

function splitAt(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))]
    .filter((c) => c > 0 && c < s.length)
    .sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of [...points, s.length]) {
    out.push(s.slice(prev, p));
    prev = p;
  }
  return out.filter((x) => x !== '');
}

function blockEvents(b: Block, id: string): IRStreamEvent[] {
  switch (b.kind) {
    case 'text':
      return [
        { type: 'text-start', id },
        ...b.deltas.map((delta) => ({ type: 'text-delta' as const, id, delta })),
        { type: 'text-end', id },
      ];
    case 'reasoning':
      return [
        { type: 'reasoning-start', id },
        ...b.deltas.map((delta) => ({ type: 'reasoning-delta' as const, id, delta })),
        { type: 'reasoning-end', id, signature: b.signature },
      ];
    case 'redacted':
      return [
        { type: 'reasoning-start', id, redactedData: b.data },
        { type: 'reasoning-end', id },
      ];
    case 'tool':
      return [
        { type: 'tool-call-start', id, callId: b.callId, name: b.name, kind: 'function' },
        ...splitAt(b.args, b.cuts).map((delta) => ({ type: 'tool-call-delta' as const, id, delta })),
        { type: 'tool-call-end', id },
      ];
  }
}

const ERROR_KINDS: GatewayErrorKind[] = [
  'invalid_request',
  'authentication',
  'quota',
  'permission',
  'not_found',
  'request_too_large',
  'rate_limit',
  'overloaded',
  'timeout',
];

/** Well-formed IR event streams (per the codec contract) an Anthropic SSE stream can carry. */
export const irStream: fc.Arbitrary<IRStreamEvent[]> = fc
  .record({
    id: fc.stringMatching(/^msg_[a-zA-Z0-9]{4,20}$/),
    model: word,
    blocks: fc.array(block, { maxLength: 5 }),
    usage,
    error: fc.option(fc.record({ kind: fc.constantFrom(...ERROR_KINDS), message: text }), { nil: undefined }),
  })
  .chain((r) => {
    const hasTools = r.blocks.some((b) => b.kind === 'tool');
    return finishFor(hasTools).map((f) => {
      const events: IRStreamEvent[] = [{ type: 'start', id: r.id, model: r.model, created: NOW }];
      for (const [i, b] of r.blocks.entries()) events.push(...blockEvents(b, `b${i}`));
      if (r.error) events.push({ type: 'error', error: new GatewayError(r.error.kind, r.error.message) });
      else {
        const fin: IRStreamEvent = { type: 'finish', reason: f.reason, usage: r.usage };
        if (f.stopSequence !== undefined) fin.stopSequence = f.stopSequence;
        events.push(fin);
      }
      return events;
    });
  });
