// Outcome records for the usage and metrics tests (test-only: excluded from the build by name).
import type { OutcomeRecord } from '../../gateway/pipeline/outcome.js';

export function outcome(over: Partial<OutcomeRecord> = {}): OutcomeRecord {
  return {
    traceId: `t-${Math.random().toString(36).slice(2)}`,
    startedAt: Date.UTC(2026, 9, 3, 12, 0, 0),
    method: 'POST',
    path: '/v1/chat/completions',
    ingress: 'openai-chat',
    egress: '/chat/completions',
    passthrough: true,
    stream: false,
    requestedModel: 'gpt-5.5',
    resolvedModel: 'gpt-5.5',
    status: 200,
    usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 0 },
    durationMs: 120,
    firstByteMs: 40,
    changes: [],
    ...over,
  };
}
