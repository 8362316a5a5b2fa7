import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotCounter, HotHistogram } from './hot-metrics.js';

describe('hot metrics', () => {
  it('formats counters and cumulative histogram buckets like prom-client, and resets', async () => {
    const registry = new Registry();
    const c = new HotCounter('t_requests_total', 'Requests.', ['route', 'status'], registry);
    const h = new HotHistogram('t_seconds', 'Latency.', ['route'], [0.1, 1], registry);
    c.inc(['a', '200']);
    c.inc(['a', '200'], 2);
    c.inc(['b', '500']);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe(['a'], v);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE t_requests_total counter');
    expect(text).toContain('t_requests_total{route="a",status="200"} 3');
    expect(text).toContain('t_requests_total{route="b",status="500"} 1');
    expect(text).toContain('# TYPE t_seconds histogram');
    expect(text).toContain('t_seconds_bucket{le="0.1",route="a"} 2');
    expect(text).toContain('t_seconds_bucket{le="1",route="a"} 3');
    expect(text).toContain('t_seconds_bucket{le="+Inf",route="a"} 4');
    expect(text).toContain('t_seconds_sum{route="a"} 3.65');
    expect(text).toContain('t_seconds_count{route="a"} 4');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="a"');
  });
});
