// Usage and Copilot's cost for the outcome record, from what the pipeline already has: the IR
// usage of a translated answer, or the raw frames / body of a passthrough answer (the frames the
// usage tap sees). Copilot puts `copilot_usage` beside `usage` (chat chunks, non-stream bodies),
// inside Anthropic's message_delta, and at the top level of Responses' `response.completed`.
import type { OutcomeUsage } from '../gateway/pipeline/outcome.js';
import { usageFromAnthropic } from '../protocols/anthropic/map-usage.js';
import type { IRUsage } from '../protocols/ir/types.js';
import { chatUsageToIR } from '../protocols/openai-chat/map-usage.js';
import { usageFromResponses } from '../protocols/openai-responses/map-usage.js';
import { reportedNanoAiu } from './cost.js';

export interface AnswerUsage {
  usage?: OutcomeUsage;
  costNanoAiu?: number;
}

export type WireProtocol = 'openai-chat' | 'anthropic' | 'openai-responses';

function toOutcome(u: Partial<IRUsage> | undefined): OutcomeUsage | undefined {
  if (!u || (u.inputTokens === undefined && u.outputTokens === undefined)) return undefined;
  const out: OutcomeUsage = { inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0 };
  if (u.cachedInputTokens !== undefined) out.cachedInputTokens = u.cachedInputTokens;
  if (u.cacheWriteTokens !== undefined) out.cacheWriteTokens = u.cacheWriteTokens;
  if (u.reasoningTokens !== undefined) out.reasoningTokens = u.reasoningTokens;
  return out;
}

/** Translated paths: the IR usage of the finish event or the decoded response. */
export function answerUsageFromIR(u: IRUsage | undefined): AnswerUsage {
  return { usage: toOutcome(u), costNanoAiu: reportedNanoAiu(u?.copilotUsage) };
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export interface WireUsageReader {
  /** A parsed non-stream body, or one parsed stream frame's data. */
  add(data: unknown): void;
  result(): AnswerUsage;
}

/** Passthrough paths: feed the body or every frame that mentions usage; read at the end. */
export function createWireUsageReader(protocol: WireProtocol): WireUsageReader {
  let raw: Record<string, unknown> | undefined;
  let copilot: unknown;
  return {
    add(data) {
      const o = obj(data);
      if (!o) return;
      const response = obj(o.response);
      const message = obj(o.message);
      const usage = obj(o.usage) ?? obj(response?.usage) ?? obj(message?.usage);
      // Anthropic splits usage over message_start and message_delta: merge, later wins.
      if (usage) raw = { ...raw, ...usage };
      const c = o.copilot_usage ?? response?.copilot_usage ?? usage?.copilot_usage;
      if (c !== undefined) copilot = c;
    },
    result() {
      const mapped =
        raw === undefined
          ? undefined
          : protocol === 'anthropic'
            ? usageFromAnthropic(raw)
            : protocol === 'openai-chat'
              ? chatUsageToIR(raw)
              : usageFromResponses(raw);
      return { usage: toOutcome(mapped), costNanoAiu: reportedNanoAiu(copilot) };
    },
  };
}
