import { describe, expect, it } from 'vitest';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { accessLogSubscriber } from './access-log.js';
import { createLogger } from './log.js';

const record: OutcomeRecord = {
  traceId: 'tr-1',
  startedAt: 1_700_000_000_000,
  method: 'POST',
  path: '/v1/messages',
  ingress: 'anthropic',
  egress: '/chat/completions',
  passthrough: false,
  stream: true,
  requestedModel: 'claude-sonnet-4-5-20250929',
  resolvedModel: 'claude-sonnet-4.5',
  status: 200,
  usage: { inputTokens: 12, outputTokens: 34 },
  durationMs: 56,
  changes: [{ kind: 'model', detail: 'dated id resolved' }],
};

function logLines(format: 'text' | 'json') {
  const lines: string[] = [];
  const log = createLogger({ format, sink: (l) => lines.push(l) });
  accessLogSubscriber(log, format)(record);
  return lines;
}

describe('access log', () => {
  it('json: one object per line with every field of the outcome record', () => {
    const lines = logLines('json');
    expect(lines).toHaveLength(1);
    const { time, level, msg, ...rest } = JSON.parse(lines[0]);
    expect([typeof time, level, msg]).toEqual(['string', 'info', 'request']);
    expect(rest).toEqual(record);
  });

  it('text: a short line with route, status, models, endpoint, tokens, duration and trace id', () => {
    const [line] = logLines('text');
    expect(line).toContain(
      'POST /v1/messages → 200 claude-sonnet-4-5-20250929→claude-sonnet-4.5 via /chat/completions 12+34 tokens 56 ms',
    );
    expect(line).toContain('{"trace":"tr-1"}');
  });
});
