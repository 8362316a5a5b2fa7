// Context management: the function the pipeline calls after decode and model resolution.
// off: an over-limit request is refused here with the client's own 400. trim: the oldest whole
// turns go until the prompt fits the target. summarize: as trim, the dropped turns replaced by a
// cached summary. Bodies far from the limit (decided from their size) are not even counted.
import { createHash } from 'node:crypto';
import type { OutcomeChange } from '../gateway/pipeline/outcome.js';
import type { IRRequest } from '../protocols/ir/types.js';
import { extend } from '../util/extend.js';
import {
  anthropicAdapter,
  type ConversationAdapter,
  chatAdapter,
  irAdapter,
  responsesAdapter,
} from './adapters.js';
import { needsCounting, promptLimit, trimTarget } from './budget.js';
import { contextLengthError } from './errors.js';
import { createEstimator, transcriptText } from './estimate.js';
import { planCut, taskIndex, validCuts } from './plan-cut.js';
import type { SummaryRepository } from './summaries.js';
import type { TokenCountCache } from './token-cache.js';
import type {
  ContextLimits,
  ContextProtocol,
  ContextResult,
  ContextSettings,
  Summarize,
  Unit,
} from './types.js';

type Json = Record<string, unknown>;

export interface ManageArgs<B> {
  protocol: ContextProtocol;
  /** Parsed raw body (anthropic, openai-chat, openai-responses) or the decoded IR ('ir'). */
  body: B;
  /** Size of the client's body in bytes (the quick test); the IR path passes the raw size too. */
  bodyBytes: number;
  /** max_tokens / max_output_tokens the client asked for. */
  requestedOutput?: number;
  limits: ContextLimits;
  settings: ContextSettings;
  summaries?: SummaryRepository;
  summarize?: Summarize;
  /** Counts of texts seen in earlier requests (the gateway context's cache). */
  tokenCounts?: TokenCountCache;
  /**
   * A lower target given by the client (Responses `context_management` compact_threshold on a
   * model without server-side compaction): summarised down to it.
   */
  compactThreshold?: number;
}

/** Tokens the summary may take (the summariser is asked for less). */
export const SUMMARY_ALLOWANCE = 2000;
/** A fresh summary cuts down to this share of the target, so the cut (and its cache key) holds for many turns. */
export const SUMMARY_LOW_WATER = 0.6;
/** Bumped when the summary prompt changes, so old summaries are not reused. */
const SUMMARY_VERSION = 'v1';

const ADAPTERS: Record<ContextProtocol, ConversationAdapter<unknown>> = {
  anthropic: anthropicAdapter as ConversationAdapter<unknown>,
  'openai-chat': chatAdapter as ConversationAdapter<unknown>,
  'openai-responses': responsesAdapter as ConversationAdapter<unknown>,
  ir: irAdapter as ConversationAdapter<unknown>,
};

const unchanged = <B>(body: B, tokensBefore?: number): ContextResult<B> => ({
  body,
  changed: false,
  changes: [],
  tokensBefore,
  tokensAfter: tokensBefore,
});

type AimArgs = Pick<
  ManageArgs<unknown>,
  'bodyBytes' | 'requestedOutput' | 'limits' | 'settings' | 'compactThreshold'
>;

/** The prompt limit and the count the prompt must fit; undefined when no count is needed. */
function aimOf(args: AimArgs): { limit: number; target: number; compact: boolean; aim: number } | undefined {
  const limit = promptLimit(args.limits, args.requestedOutput);
  if (limit === undefined) return undefined;
  const target = trimTarget(limit, args.settings.marginRatio);
  const compact = args.compactThreshold !== undefined && args.compactThreshold < target;
  const aim = compact ? (args.compactThreshold as number) : args.settings.mode === 'off' ? limit : target;
  return needsCounting(args.bodyBytes, aim) ? { limit, target, compact, aim } : undefined;
}

/** Whether manageContext would count the prompt at all (false: it returns the body unchanged). */
export function mayNeedCounting(args: AimArgs): boolean {
  return aimOf(args) !== undefined;
}

export async function manageContext<B>(args: ManageArgs<B>): Promise<ContextResult<B>> {
  const { settings, limits } = args;
  const aimed = aimOf(args);
  if (!aimed) return unchanged(args.body);
  const { limit, target, compact, aim } = aimed;

  const adapter = ADAPTERS[args.protocol] as ConversationAdapter<B>;
  const estimate = createEstimator(limits.tokenizer, args.tokenCounts);
  const base = adapter
    .base(args.body)
    .reduce<number>((n, v) => n + (v === undefined ? 0 : estimate(v, false)), 0);
  const units = adapter.units(args.body);
  const tokens = units?.map((u) => estimate(u.value)) ?? [];
  const before = base + tokens.reduce((a, b) => a + b, 0) + (units ? 0 : estimateWhole(args.body, estimate));
  if (before <= aim) return unchanged(args.body, before);
  if (settings.mode === 'off' && !compact) throw contextLengthError(before, limit, limits.model, false);
  if (!units) throw contextLengthError(before, limit, limits.model, false);

  const wantSummary = (settings.mode === 'summarize' || compact) && args.summarize && settings.summaryModel;
  if (!wantSummary) {
    const plan = planCut(units, tokens, base, target);
    if (plan.overflow && plan.tokens > limit)
      throw contextLengthError(plan.tokens, limit, limits.model, true);
    return dropResult(adapter, args.body, units, plan.dropped, before, plan.tokens, limit);
  }
  return summarised(args as ManageArgs<B> & { summarize: Summarize }, {
    adapter,
    units,
    tokens,
    base,
    before,
    limit,
    target: aim,
    model: settings.summaryModel as string,
  });
}

function estimateWhole(body: unknown, estimate: (v: unknown, p?: boolean) => number): number {
  const b = body as Json;
  return estimate(b.input ?? b.messages ?? '', false);
}

function trimChange(
  dropped: number,
  total: number,
  before: number,
  after: number,
  limit: number,
): OutcomeChange {
  return {
    kind: 'context-trim',
    detail: `dropped ${dropped} of ${total} messages: ~${before} → ~${after} prompt tokens (limit ${limit})`,
  };
}

function dropResult<B>(
  adapter: ConversationAdapter<B>,
  body: B,
  units: Unit[],
  dropped: number[],
  before: number,
  after: number,
  limit: number,
): ContextResult<B> {
  if (dropped.length === 0) return unchanged(body, before);
  const gone = new Set(dropped);
  return {
    body: adapter.rebuild(body, (i) => !gone.has(i), taskIndex(units)),
    changed: true,
    changes: [trimChange(dropped.length, units.length, before, after, limit)],
    tokensBefore: before,
    tokensAfter: after,
    messagesDropped: dropped.length,
  };
}

interface SummaryPlan<B> {
  adapter: ConversationAdapter<B>;
  units: Unit[];
  tokens: number[];
  base: number;
  before: number;
  limit: number;
  target: number;
  model: string;
}

/** Cache keys of every valid cut, from one running hash (each cut drops a superset of the last). */
function cutKeys(units: Unit[], cuts: number[], model: string): Map<number, string> {
  const task = taskIndex(units);
  const hash = createHash('sha256').update(`${SUMMARY_VERSION}\n${model}\n`);
  const keys = new Map<number, string>();
  let next = task + 1;
  for (const k of cuts) {
    for (; next < k; next++)
      if (units[next].role !== 'system') hash.update(`${JSON.stringify(units[next].value)}\n`);
    keys.set(k, hash.copy().digest('hex'));
  }
  return keys;
}

async function summarised<B>(
  args: ManageArgs<B> & { summarize: Summarize },
  p: SummaryPlan<B>,
): Promise<ContextResult<B>> {
  const { units, tokens, base, model } = p;
  const cuts = validCuts(units);
  const high = planCut(units, tokens, base + SUMMARY_ALLOWANCE, p.target, cuts);
  if (high.cut === undefined) return unchanged(args.body, p.before);
  const keys = cutKeys(units, cuts, model);
  // A summary already made for this cut or a later one is reused (the cut moves only when the
  // conversation outgrows it again).
  let chosen: { cut: number; summary: string; hit: boolean } | undefined;
  for (const k of cuts) {
    if (k < high.cut) continue;
    const summary = await args.summaries?.get(keys.get(k) as string);
    if (summary !== undefined) {
      chosen = { cut: k, summary, hit: true };
      break;
    }
  }
  if (!chosen) {
    const low = planCut(
      units,
      tokens,
      base + SUMMARY_ALLOWANCE,
      Math.floor(p.target * SUMMARY_LOW_WATER),
      cuts,
    );
    const cut = low.cut ?? high.cut;
    const task = taskIndex(units);
    const transcript = units
      .slice(task + 1, cut)
      .filter((u) => u.role !== 'system')
      .map((u) => `[${u.role}] ${transcriptText(u.value)}`)
      .join('\n\n');
    let summary: string;
    try {
      summary = await args.summarize(transcript, model);
    } catch (err) {
      // No summary (the small model failed): trimming alone still gets the request through.
      const plan = planCut(units, tokens, base, p.target, cuts);
      if (plan.overflow && plan.tokens > p.limit)
        throw contextLengthError(plan.tokens, p.limit, args.limits.model, true);
      const r = dropResult(p.adapter, args.body, units, plan.dropped, p.before, plan.tokens, p.limit);
      r.changes.push({
        kind: 'context-summary',
        detail: `summary failed, trimmed only: ${(err as Error).message}`,
      });
      return r;
    }
    await args.summaries?.put(keys.get(cut) as string, model, summary);
    chosen = { cut, summary, hit: false };
  }
  const task = taskIndex(units);
  const dropped: number[] = [];
  for (let i = task + 1; i < chosen.cut; i++) if (units[i].role !== 'system') dropped.push(i);
  const gone = new Set(dropped);
  const estimate = createEstimator(args.limits.tokenizer, args.tokenCounts);
  let after = base + estimate(chosen.summary, false);
  for (let i = 0; i < units.length; i++) if (!gone.has(i)) after += tokens[i];
  if (after > p.limit) throw contextLengthError(after, p.limit, args.limits.model, true);
  return {
    body: p.adapter.rebuild(args.body, (i) => !gone.has(i), task, chosen.summary),
    changed: true,
    changes: [
      trimChange(dropped.length, units.length, p.before, after, p.limit),
      {
        kind: 'context-summary',
        detail: `${dropped.length} messages replaced by a summary from ${model} (${chosen.hit ? 'cache hit' : 'new, cached'})`,
      },
    ],
    tokensBefore: p.before,
    tokensAfter: after,
    messagesDropped: dropped.length,
    summaryCacheHit: chosen.hit,
  };
}

/** The IR flavour, for translated paths (typed convenience). */
export function manageIRContext(
  args: Omit<ManageArgs<IRRequest>, 'protocol'>,
): Promise<ContextResult<IRRequest>> {
  return manageContext(extend(args, { protocol: 'ir' as const }));
}
