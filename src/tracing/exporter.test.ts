import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../util/log.js';
import { OtlpExporter } from './exporter.js';
import type { SpanData } from './spans.js';

let url: string;
const received: number[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    received.push(body.resourceSpans[0].scopeSpans[0].spans.length);
    res.writeHead(200).end('{}');
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const span = (n: number): SpanData => ({
  traceId: 'a'.repeat(32),
  spanId: n.toString(16).padStart(16, '0'),
  name: 'POST openai-chat',
  kind: 'server',
  startMs: 1,
  endMs: 2,
  attributes: {},
});

describe('OtlpExporter', () => {
  it('full batches go out on a later event-loop turn, back to back; the rest on close', async () => {
    received.length = 0;
    const exporter = new OtlpExporter<number>({
      url,
      resource: { serviceName: 's', serviceVersion: '0' },
      toSpans: (n) => [span(n)],
      log: memoryLogger('warn'),
      maxBatch: 10,
      flushMs: 3_600_000,
    });
    for (let i = 1; i <= 95; i++) exporter.push(i);
    // Nothing was encoded or sent inside push().
    expect(exporter.stats()).toMatchObject({ queued: 95, sending: 0, exported: 0 });
    await vi.waitFor(() => expect(exporter.stats().exported).toBe(90), { timeout: 10_000, interval: 10 });
    expect(exporter.stats().queued).toBe(5);
    await exporter.close();
    expect(exporter.stats()).toMatchObject({ exported: 95, dropped: 0, queued: 0 });
    expect(received).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    exporter.push(96);
    expect(exporter.stats().dropped).toBe(1);
  });
});
