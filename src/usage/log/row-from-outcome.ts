// One usage row from one outcome record and its cost figure.
import type { OutcomeRecord } from '../../gateway/pipeline/outcome.js';
import type { CostFigure } from '../cost.js';
import type { UsageRow } from './types.js';

export function rowFromOutcome(r: OutcomeRecord, cost: CostFigure): UsageRow {
  const u = r.usage;
  return {
    tsMs: r.startedAt,
    traceId: r.traceId,
    keyId: r.keyId,
    accountId: r.accountId,
    ingress: r.ingress,
    egress: r.egress,
    path: r.path,
    requestedModel: r.requestedModel,
    resolvedModel: r.resolvedModel,
    status: r.status,
    errorKind: r.errorKind,
    stream: r.stream,
    passthrough: r.passthrough,
    inputTokens: u?.inputTokens ?? 0,
    cachedInputTokens: u?.cachedInputTokens ?? 0,
    cacheWriteTokens: u?.cacheWriteTokens ?? 0,
    outputTokens: u?.outputTokens ?? 0,
    reasoningTokens: u?.reasoningTokens ?? 0,
    costNanoAiu: cost.nanoAiu,
    costSource: cost.source,
    multiplier: r.multiplier,
    initiator: r.initiator,
    firstByteMs: r.firstByteMs,
    durationMs: r.durationMs,
    changes: r.changes,
  };
}
