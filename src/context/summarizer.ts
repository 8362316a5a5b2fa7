// The summariser of mode summarize: one non-streaming /chat/completions call to the configured
// small model through the gateway's own upstream client (identity, token, retry loop), marked
// as an agent-initiated compaction so it is not billed as a user turn.
import { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamClient } from '../upstream/types.js';
import type { Summarize } from './types.js';

/** Longest transcript sent (the most recent part is kept): ~75K tokens fits every small model. */
export const MAX_TRANSCRIPT_CHARS = 300_000;
/** Longest summary kept (about SUMMARY_ALLOWANCE tokens). */
export const MAX_SUMMARY_CHARS = 6_000;

const INSTRUCTIONS =
  'You condense the earlier part of a conversation between a user and a coding agent so the agent can continue without it. ' +
  'Write at most 300 words: what the user asked for, decisions made, files and commands involved with their outcomes, ' +
  'open problems and the current state. Plain text, no preamble.';

export function createCopilotSummarizer(upstream: UpstreamClient, traceId: string): Summarize {
  return async (transcript, model) => {
    const text =
      transcript.length > MAX_TRANSCRIPT_CHARS ? transcript.slice(-MAX_TRANSCRIPT_CHARS) : transcript;
    const res = await upstream.send({
      endpoint: '/chat/completions',
      body: {
        model,
        stream: false,
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: `Conversation to condense:\n\n${text}` },
        ],
      },
      traceId: `${traceId}-summary`,
      initiator: 'agent',
      headers: { 'x-interaction-type': 'conversation-compaction' },
    });
    const body = await res.body.text();
    if (res.status !== 200)
      throw new GatewayError(
        'upstream',
        `summary model ${model} answered HTTP ${res.status}: ${body.slice(0, 200)}`,
      );
    let summary: unknown;
    try {
      summary = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]
        ?.message?.content;
    } catch {
      summary = undefined;
    }
    if (typeof summary !== 'string' || summary.trim() === '')
      throw new GatewayError('upstream', `summary model ${model} returned no text`);
    return summary.trim().slice(0, MAX_SUMMARY_CHARS);
  };
}
