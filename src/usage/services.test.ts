// The composition helper end to end: one outcome record reaches the usage log, the budgets and
// /metrics (scraped over a real socket); settings' price overrides and retention are used.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsDefaults } from '../config/defaults.js';
import { openSqliteStateStore } from '../store/sqlite/state-store.js';
import { createLogger } from '../util/log.js';
import { outcome } from './__fixtures__/outcome.js';
import { createUsageServices } from './services.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('usage services', () => {
  it('feeds the log, budgets and metrics from each outcome record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-services-'));
    const store = openSqliteStateStore(dir);
    cleanup.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => store.close(),
    );
    const usage = { ...settingsDefaults().usage, prices: { 'house-model': { input: 10, output: 10 } } };
    const s = createUsageServices({
      settings: { usage, metricsToken: 'a-token-of-sixteen+' },
      repo: store.usage,
      log: createLogger({ level: 'error', sink: () => {} }),
      inflight: () => 0,
    });
    cleanup.push(() => s.close());
    await s.start();
    const record = outcome({
      keyId: 'k1',
      resolvedModel: 'house-model',
      usage: { inputTokens: 100_000, outputTokens: 0 },
    });
    for (const sub of s.subscribers) sub(record);
    await s.usageLog.writer.flush();
    const [row] = await s.repo.list({});
    expect(row).toMatchObject({ keyId: 'k1', costSource: 'estimate', costNanoAiu: 100_000 * 10 * 1e5 });
    expect(s.budgets.spend('k1', record.startedAt).dayCredits).toBe(100);
    expect(s.budgets.check({ id: 'k1', limits: { dailyCredits: 100 } }, record.startedAt)?.status).toBe(429);

    const server = createServer((req, res) => void s.serveMetrics(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    expect((await fetch(url)).status).toBe(401); // a metricsToken is set: loopback needs it too
    const text = await (
      await fetch(url, { headers: { authorization: 'Bearer a-token-of-sixteen+' } })
    ).text();
    expect(text).toContain('copilot_gateway_credits_total{model="house-model"} 100');
  });
});
