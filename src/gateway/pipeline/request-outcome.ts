// The per-request half of the outcome: the facts the pipeline learns as the request goes (ingress,
// models, egress, usage, first byte...), turned into one OutcomeRecord when the request ends.
// Built here only; server.ts creates it on arrival and emits it once, whatever the route.
import { quoteInput } from '../../errors/gateway-error.js';
import type { IRUsage } from '../../protocols/ir/types.js';
import type { UpstreamResponse } from '../../upstream/types.js';
import type {
  Ingress,
  OutcomeChange,
  OutcomeContext,
  OutcomeRecord,
  OutcomeUpstream,
  OutcomeUsage,
} from './outcome.js';
import { reportedNanoAiu } from './usage.js';

/**
 * What the upstream client's answer tells about the account pool: which account served (also
 * rc.accountId, which the outcome's accountId and the stored Responses turn read), the account a
 * conversation moved from, and what the move or a failover changed. Called right after every
 * upstream.send.
 */
export function noteServed(
  rc: { accountId?: string; outcome: RequestOutcome },
  res: Pick<UpstreamResponse, 'accountId' | 'movedFrom' | 'changes'>,
): void {
  if (res.accountId !== undefined) rc.accountId = res.accountId;
  if (res.movedFrom !== undefined) rc.outcome.movedFrom = res.movedFrom;
  if (res.changes?.length) rc.outcome.changes.push(...res.changes);
}

/**
 * Longest client-chosen text (path, requested model) a record carries: subscribers log and store
 * it, and a 200 KB model name or a 12 KB Gemini path must not ride along whole (issue 11, item 7).
 */
export const MAX_RECORDED_INPUT_CHARS = 256;

export class RequestOutcome {
  ingress: Ingress;
  egress?: string;
  passthrough?: boolean;
  stream = false;
  transport?: 'ws';
  requestedModel?: string;
  resolvedModel?: string;
  initiator?: 'user' | 'agent';
  /** The model's premium-request multiplier, from the catalogue. */
  multiplier?: number;
  usage?: OutcomeUsage;
  costNanoAiu?: number;
  /** The account a conversation moved from (its earlier turns were served by that one). */
  movedFrom?: string;
  /** Set when the answer failed after its first byte (the status stays 200). */
  errorKind?: string;
  readonly changes: OutcomeChange[] = [];
  /** What context management did (set by the requestResolved hook's answer). */
  context?: OutcomeContext;
  private firstByteAt?: number;
  /** The Copilot call: set by upstreamStarted / upstreamAnswered. */
  upstream?: OutcomeUpstream;

  constructor(
    readonly startedAt: number,
    ingress: Ingress,
  ) {
    this.ingress = ingress;
  }

  /** The first byte of the answer is going out now (only the first call counts). */
  markFirstByte(): void {
    this.firstByteAt ??= Date.now();
  }

  /** upstream.send is being called now (the last call counts: one per request path). */
  upstreamStarted(): void {
    this.upstream = { startedAt: Date.now() };
  }

  /** Copilot answered: its status and attempts now, its duration when the answer body settles. */
  upstreamAnswered(res: Pick<UpstreamResponse, 'status' | 'attempts' | 'body'>): void {
    const up = this.upstream;
    if (!up) return;
    up.status = res.status;
    up.attempts = res.attempts;
    res.body.whenSettled(() => {
      up.durationMs = Date.now() - up.startedAt;
    });
  }

  /** Usage as the codecs normalise it (IR usage); Copilot's own cost when it reported one. */
  setUsage(usage: Partial<IRUsage> | undefined): void {
    if (!usage) return;
    const out: OutcomeUsage = { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
    if (usage.cachedInputTokens !== undefined) out.cachedInputTokens = usage.cachedInputTokens;
    if (usage.cacheWriteTokens !== undefined) out.cacheWriteTokens = usage.cacheWriteTokens;
    if (usage.reasoningTokens !== undefined) out.reasoningTokens = usage.reasoningTokens;
    this.usage = out;
    const nano = reportedNanoAiu(usage.copilotUsage);
    if (nano !== undefined) this.costNanoAiu = nano;
  }

  build(fields: {
    traceId: string;
    method: string;
    path: string;
    status: number;
    errorKind?: string;
    keyId?: string;
    accountId?: string;
    now?: number;
  }): OutcomeRecord {
    const now = fields.now ?? Date.now();
    const record: OutcomeRecord = {
      traceId: fields.traceId,
      startedAt: this.startedAt,
      method: fields.method,
      path: quoteInput(fields.path, MAX_RECORDED_INPUT_CHARS),
      ingress: this.ingress,
      stream: this.stream,
      status: fields.status,
      durationMs: now - this.startedAt,
      changes: this.changes,
    };
    if (this.transport !== undefined) record.transport = this.transport;
    if (this.egress !== undefined) record.egress = this.egress;
    if (this.passthrough !== undefined) record.passthrough = this.passthrough;
    if (this.requestedModel !== undefined)
      record.requestedModel = quoteInput(this.requestedModel, MAX_RECORDED_INPUT_CHARS);
    if (this.resolvedModel !== undefined) record.resolvedModel = this.resolvedModel;
    const errorKind = fields.errorKind ?? this.errorKind;
    if (errorKind !== undefined) record.errorKind = errorKind;
    if (this.usage) record.usage = this.usage;
    if (this.costNanoAiu !== undefined) record.costNanoAiu = this.costNanoAiu;
    if (this.initiator) record.initiator = this.initiator;
    if (this.multiplier !== undefined) record.multiplier = this.multiplier;
    if (this.movedFrom !== undefined) record.movedFrom = this.movedFrom;
    if (this.context) record.context = this.context;
    if (this.upstream) record.upstream = this.upstream;
    // A body sent in one piece goes out when the handler ends: its first byte is the end.
    const firstByteAt = this.firstByteAt ?? (fields.status > 0 ? now : undefined);
    if (firstByteAt !== undefined) record.firstByteMs = firstByteAt - this.startedAt;
    if (fields.keyId !== undefined) record.keyId = fields.keyId;
    if (fields.accountId !== undefined) record.accountId = fields.accountId;
    return record;
  }
}
