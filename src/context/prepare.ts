// The calls the pipeline makes after decode and model resolution: request shaping (extraPrompts,
// default reasoning effort), then context management, on the client's parsed body (anthropic,
// openai-chat, openai-responses: before planning, so passthrough and translated paths both carry
// the result) or on the decoded IR (Gemini).
import type { Settings } from '../config/settings.js';
import type { GatewayContext } from '../gateway/context.js';
import type { OutcomeChange, OutcomeContext } from '../gateway/pipeline/outcome.js';
import type { TokenizerName } from '../protocols/anthropic/count-tokens.js';
import type { IREffort, IRRequest } from '../protocols/ir/types.js';
import type { CopilotModel } from '../upstream/types.js';
import { manageContext, mayNeedCounting } from './manage.js';
import { perModel, type Shaping, shapeIR, shapeRawBody } from './shaping.js';
import { createCopilotSummarizer } from './summarizer.js';
import type { ContextLimits, ContextResult, ContextSettings } from './types.js';

type Json = Record<string, unknown>;
export type RawProtocol = 'anthropic' | 'openai-chat' | 'openai-responses';

export interface Prepared<B> {
  body: B;
  /** A raw body that changed must be re-serialised (its bytes no longer match). */
  changed: boolean;
  /** For the outcome record and the usage log. */
  changes: OutcomeChange[];
  /** OutcomeRecord.context (undefined when the prompt was not counted). */
  context?: OutcomeContext;
}

function outcomeOf(mode: ContextSettings['mode'], r: ContextResult<unknown>): OutcomeContext | undefined {
  if (r.tokensBefore === undefined) return undefined;
  return {
    mode,
    tokensBefore: r.tokensBefore,
    tokensAfter: r.tokensAfter ?? r.tokensBefore,
    messagesDropped: r.messagesDropped ?? 0,
    summaryCacheHit: r.summaryCacheHit,
  };
}

export function limitsOf(model: CopilotModel): ContextLimits {
  return {
    model: model.id,
    maxPromptTokens: model.limits.maxPromptTokens,
    maxContextWindowTokens: model.limits.maxContextWindowTokens,
    tokenizer: (model.tokenizer === 'cl100k_base' ? 'cl100k_base' : 'o200k_base') as TokenizerName,
  };
}

export function contextSettingsFor(settings: Settings, modelId: string): ContextSettings {
  const cm = settings.contextManagement;
  return {
    mode: perModel(cm.models, modelId) ?? cm.mode,
    marginRatio: cm.marginPercent / 100,
    summaryModel: cm.summaryModel ?? settings.smallModel,
  };
}

export function shapingFor(settings: Settings, model: CopilotModel): Shaping {
  const efforts = model.supports.reasoning_effort;
  return {
    extraPrompt: perModel(settings.extraPrompts, model.id),
    effort: perModel(settings.reasoningEffort, model.id) as IREffort | undefined,
    efforts: Array.isArray(efforts) ? (efforts as string[]) : undefined,
  };
}

/** Responses `context_management` [{type:"compaction", compact_threshold}] (or one object). */
export function compactThresholdOf(body: Json): number | undefined {
  const cm = body.context_management;
  const list = Array.isArray(cm) ? cm : cm && typeof cm === 'object' ? [cm] : [];
  for (const e of list as Json[]) {
    if (typeof e?.compact_threshold === 'number' && e.compact_threshold > 0) return e.compact_threshold;
  }
  return undefined;
}

function requestedOutput(protocol: RawProtocol | 'gemini', body: Json): number | undefined {
  const v =
    protocol === 'anthropic'
      ? body.max_tokens
      : protocol === 'openai-chat'
        ? (body.max_completion_tokens ?? body.max_tokens)
        : protocol === 'gemini'
          ? (body.generationConfig as Json | undefined)?.maxOutputTokens
          : body.max_output_tokens;
  return typeof v === 'number' ? v : undefined;
}

export interface PrepareArgs<B> {
  body: B;
  /** Size of the client's body in bytes (decides cheaply whether counting is needed). */
  bodyBytes: number;
  model: CopilotModel;
  traceId: string;
}

/**
 * Whether prepareRawRequest / prepareIRRequest would leave the request as it is without looking
 * further (nothing to shape for the model, prompt too small to count): the hook then answers
 * synchronously, with no extra turn on the hot path.
 */
export function nothingToPrepare(
  settings: Settings,
  protocol: RawProtocol | 'gemini',
  args: { body: Json; bodyBytes: number; model: CopilotModel },
): boolean {
  const shaping = shapingFor(settings, args.model);
  if (shaping.extraPrompt || shaping.effort) return false;
  return !mayNeedCounting({
    bodyBytes: args.bodyBytes,
    requestedOutput: requestedOutput(protocol, args.body),
    limits: limitsOf(args.model),
    settings: contextSettingsFor(settings, args.model.id),
    compactThreshold:
      protocol === 'gemini' ? undefined : compactThresholdFor(protocol, args.body, args.model),
  });
}

/** Copilot compacts server-side on /responses models; elsewhere the summariser stands in. */
function compactThresholdFor(protocol: RawProtocol, body: Json, model: CopilotModel): number | undefined {
  return protocol === 'openai-responses' && !model.supportedEndpoints.includes('/responses')
    ? compactThresholdOf(body)
    : undefined;
}

/** Shapes and fits a parsed raw body. Throws GatewayError context_length (mode off, or no fit). */
export async function prepareRawRequest(
  ctx: GatewayContext,
  protocol: RawProtocol,
  args: PrepareArgs<Json>,
): Promise<Prepared<Json>> {
  const shaped = shapeRawBody(protocol, args.body, shapingFor(ctx.settings, args.model));
  const compactThreshold = compactThresholdFor(protocol, args.body, args.model);
  const settings = contextSettingsFor(ctx.settings, args.model.id);
  const fitted = await manageContext({
    protocol,
    body: shaped.body,
    bodyBytes: args.bodyBytes,
    requestedOutput: requestedOutput(protocol, args.body),
    limits: limitsOf(args.model),
    settings,
    summaries: ctx.summaries,
    tokenCounts: ctx.tokenCounts,
    summarize: createCopilotSummarizer(ctx.upstream, args.traceId),
    compactThreshold,
  });
  return {
    body: fitted.body,
    changed: shaped.changed || fitted.changed,
    changes: [...shaped.changes, ...fitted.changes],
    context: outcomeOf(settings.mode, fitted),
  };
}

/** Shapes and fits a decoded request (Gemini ingress, or any translated path that has only the IR). */
export async function prepareIRRequest(
  ctx: GatewayContext,
  args: PrepareArgs<IRRequest>,
): Promise<Prepared<IRRequest>> {
  const shaped = shapeIR(args.body, shapingFor(ctx.settings, args.model));
  const settings = contextSettingsFor(ctx.settings, args.model.id);
  const fitted = await manageContext({
    protocol: 'ir',
    body: shaped.body,
    bodyBytes: args.bodyBytes,
    requestedOutput: shaped.body.maxOutputTokens,
    limits: limitsOf(args.model),
    settings,
    summaries: ctx.summaries,
    tokenCounts: ctx.tokenCounts,
    summarize: createCopilotSummarizer(ctx.upstream, args.traceId),
  });
  return {
    body: fitted.body,
    changed: shaped.changed || fitted.changed,
    changes: [...shaped.changes, ...fitted.changes],
    context: outcomeOf(settings.mode, fitted),
  };
}
