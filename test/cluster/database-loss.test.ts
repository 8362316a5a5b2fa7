// Losing PostgreSQL: inference keeps serving with the last known accounts and keys, admin writes
// fail with a clear 503 in the admin shape, /readyz says not ready, usage rows wait in the
// bounded queue and reach the log once the database is back.
import OpenAI from 'openai';
import { afterEach, expect, it, vi } from 'vitest';
import { describeWithPostgres, freshSchema, type TestSchema } from '../../src/test-support/test-database.js';
import { type Cluster, startCluster } from './harness.js';
import { startTcpCut, type TcpCut } from './tcp-cut.js';

let cluster: Cluster | undefined;
let relay: TcpCut | undefined;
let schema: TestSchema | undefined;
afterEach(async () => {
  await relay?.restore().catch(() => {});
  await cluster?.close();
  await relay?.close();
  await schema?.drop();
  cluster = relay = schema = undefined;
});

describeWithPostgres('losing PostgreSQL', () => {
  it('keeps inference serving, refuses admin writes with 503, and writes the queued usage when back', async () => {
    schema = await freshSchema();
    const target = new URL(schema.url);
    relay = await startTcpCut(target.hostname, Number(target.port || 5432));
    cluster = await startCluster({ instances: 1, databaseUrl: relay.via(schema.url) });
    const [gw] = cluster.instances;
    const { secret } = await gw.store.keys.create({ name: 'admin', scopes: ['inference', 'admin:write'] });
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: secret, maxRetries: 0 });
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
    await ask();

    await relay.cut();
    // Inference: the key index and the account pool are in memory.
    for (let i = 0; i < 3; i++) expect((await ask()).choices[0].message.content).toBeTruthy();
    // An admin write: a 503 that says what happened, in the admin API's (OpenAI-style) shape.
    const res = await fetch(`${gw.url}/admin/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'new' }),
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { message: string; code?: string } };
    expect(body.error.code).toBe('database_unavailable');
    expect(body.error.message).toMatch(/PostgreSQL.*unreachable/);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok).toBe(
      false,
    );
    // The usage rows wait in the writer's queue.
    const writer = gw.gateway.ctx.usage.usageLog.writer;
    await writer.flush();
    expect(writer.stats()).toMatchObject({ dropped: 0 });
    expect(writer.stats().queued).toBeGreaterThanOrEqual(3);

    await relay.restore();
    await vi.waitFor(
      async () => {
        await writer.flush();
        expect(writer.stats().queued).toBe(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(await gw.store.usage.count()).toBeGreaterThanOrEqual(4);
    await vi.waitFor(async () => expect((await fetch(`${gw.url}/readyz`)).status).toBe(200), {
      timeout: 10_000,
      interval: 100,
    });
  });
});
