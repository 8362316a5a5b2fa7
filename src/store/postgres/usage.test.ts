// The usage log's insert, on both backends: every column of a batch comes back as written (nulls,
// booleans, fractions, JSON-looking text), and a client's odd strings (a NUL, a lone surrogate, in
// a model name) never make PostgreSQL refuse the batch, which would keep every later batch out too.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test-support/state-backends.js';
import type { UsageRow } from '../../usage/log/types.js';

const T0 = Date.UTC(2026, 11, 2, 3, 0, 0);

function row(n: number, over: Partial<UsageRow> = {}): UsageRow {
  return {
    tsMs: T0 + n,
    traceId: `trace-${n}`,
    keyId: 'key_1',
    accountId: 'acc_1',
    ingress: 'openai-chat',
    egress: 'anthropic-messages',
    path: '/v1/chat/completions',
    requestedModel: 'gpt-5-mini',
    resolvedModel: 'gpt-5-mini-2026',
    status: 200,
    errorKind: undefined,
    stream: n % 2 === 0,
    passthrough: n % 3 === 0 ? undefined : n % 3 === 1,
    inputTokens: 10 + n,
    cachedInputTokens: 2,
    cacheWriteTokens: 1,
    outputTokens: 7,
    reasoningTokens: 3,
    costNanoAiu: 1234 + n,
    costSource: 'estimate',
    multiplier: 0.33,
    initiator: 'agent',
    firstByteMs: 4,
    durationMs: 9,
    changes: [{ kind: 'fallback', detail: 'a→b "quoted" \\ back\nslash' }],
    ...over,
  };
}

/** A row as listed: the id the database gave it dropped. */
const plain = ({ id: _id, ...r }: UsageRow) => r;

describeEachBackend('usage log insert', (b) => {
  it('stores every column of a batch as given, nulls and all', async () => {
    const { usage } = await b.store();
    const rows = [
      row(1),
      row(2, {
        keyId: undefined,
        accountId: undefined,
        egress: undefined,
        requestedModel: undefined,
        resolvedModel: undefined,
        status: 429,
        errorKind: 'rate_limited',
        costNanoAiu: undefined,
        costSource: 'none',
        multiplier: undefined,
        initiator: undefined,
        firstByteMs: undefined,
        changes: [],
      }),
      row(3, { requestedModel: '{"not": "json"}', traceId: "it's [1, 2]" }),
    ];
    await usage.insert(rows);
    const listed = (await usage.list({ limit: 10 })).reverse().map(plain);
    expect(listed).toEqual(rows);
    expect((await usage.summary('model')).map((g) => [g.group, g.requests]).sort()).toEqual([
      ['', 1],
      ['gpt-5-mini-2026', 2],
    ]);
  });

  it('writes a batch whose model names hold a NUL or a lone surrogate, and the batches after it', async () => {
    const { usage } = await b.store();
    const odd = ['gpt\u0000-5', 'gpt-\ud800-5', 'gpt-\uFFFD-5'];
    await usage.insert(odd.map((m, i) => row(i, { requestedModel: m, resolvedModel: m })));
    await usage.insert([row(10)]);
    expect(await usage.count()).toBe(4);
    const models = (await usage.list({ limit: 10 })).map((r) => r.requestedModel);
    if (b.backend === 'postgres') {
      // U+FFFD in place of what PostgreSQL's text cannot hold; one rollup group for the three.
      expect(models.slice(1)).toEqual(['gpt-\uFFFD-5', 'gpt-\uFFFD-5', 'gpt\uFFFD-5']);
      expect((await usage.summary('model')).find((g) => g.group === 'gpt-\uFFFD-5')?.requests).toBe(2);
    } else {
      // SQLite keeps the NUL (a lone surrogate comes back in better-sqlite3's own rendering).
      expect([models[1], models[3]]).toEqual(['gpt-\uFFFD-5', 'gpt\u0000-5']);
    }
  });
});
