import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../util/log.js';
import { formatAccessLine } from './access-log.js';
import { RequestOutcome } from './request-outcome.js';
import { WarnOnce } from './warn-once.js';

describe('the outcome record and its access line', () => {
  it('normalised usage, Copilot’s cost, times from arrival', () => {
    const o = new RequestOutcome(1_000, 'anthropic');
    o.stream = true;
    o.requestedModel = 'claude-sonnet-4-5-20250929';
    o.resolvedModel = 'claude-sonnet-4.5';
    o.egress = '/chat/completions';
    o.passthrough = false;
    o.setUsage({
      inputTokens: 120,
      outputTokens: 30,
      cachedInputTokens: 100,
      reasoningTokens: 10,
      copilotUsage: { total_nano_aiu: 4242 },
    });
    const r = o.build({ traceId: 't1', method: 'POST', path: '/v1/messages', status: 200, now: 1_250 });
    expect(r).toMatchObject({
      durationMs: 250,
      firstByteMs: 250,
      costNanoAiu: 4242,
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 },
    });
    expect(formatAccessLine(r)).toBe(
      'POST /v1/messages anthropic→/chat/completions claude-sonnet-4-5-20250929→claude-sonnet-4.5 200 250ms ttfb=250ms in=120 out=30 cached=100 reasoning=10',
    );
  });

  it('a failure without egress or model says so plainly', () => {
    const r = new RequestOutcome(0, 'other').build({
      traceId: 't',
      method: 'GET',
      path: '/v1/nope',
      status: 404,
      errorKind: 'not_found',
      now: 3,
    });
    expect(formatAccessLine(r)).toBe('GET /v1/nope other 404 not_found 3ms');
    expect(r.usage).toBeUndefined();
    expect(r.costNanoAiu).toBeUndefined();
  });
});

describe('WarnOnce', () => {
  it('logs a cause once at warn level, its repeats at debug', () => {
    const log = memoryLogger('debug');
    const w = new WarnOnce(log);
    w.warn('top_k', 'top_k ignored');
    w.warn('top_k', 'top_k ignored');
    w.warn('seed', 'seed ignored');
    expect(log.lines.filter((l) => l.includes('WARN'))).toHaveLength(2);
    expect(log.lines.filter((l) => l.includes('DEBUG') && l.includes('top_k ignored'))).toHaveLength(1);
  });
});
