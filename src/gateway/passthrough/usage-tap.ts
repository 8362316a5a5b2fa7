// Reads usage off the frames of a passthrough SSE stream without touching the bytes the client
// receives. Only frames that mention "usage" are JSON-parsed; the terminal frame is recognised per
// protocol so a cut stream can be told from a finished one.
import { extend } from '../../util/extend.js';

export interface UsageTap {
  frame(event: string | undefined, data: string): void;
  /** Whether the protocol's terminal frame was seen. */
  complete(): boolean;
  /** The last usage object seen (protocol-specific shape), if any. */
  usage(): Record<string, unknown> | undefined;
  /** Copilot's billing block (`copilot_usage`), if a frame carried one. */
  copilotUsage(): unknown;
}

export type TerminalRule = (event: string | undefined, data: string) => boolean;

export const TERMINAL: Record<'openai-chat' | 'anthropic' | 'openai-responses', TerminalRule> = {
  'openai-chat': (_e, data) => data === '[DONE]' || data.startsWith('{"error"'),
  anthropic: (e) => e === 'message_stop' || e === 'error',
  'openai-responses': (e) =>
    e === 'response.completed' || e === 'response.incomplete' || e === 'response.failed' || e === 'error',
};

/**
 * Byte strings at least one of which every frame the tap acts on contains: the terminal rule's
 * event names and data, and `usage"` (passthrough/frame-tap.ts skips chunks with none of them).
 * Keep them in step with TERMINAL.
 */
export const SIGNIFICANT: Record<keyof typeof TERMINAL, readonly Buffer[]> = {
  'openai-chat': ['usage"', '[DONE]', '{"error"'].map((s) => Buffer.from(s)),
  anthropic: ['usage"', 'message_stop', 'error'].map((s) => Buffer.from(s)),
  'openai-responses': ['usage"', 'response.completed', 'response.incomplete', 'response.failed', 'error'].map(
    (s) => Buffer.from(s),
  ),
};

export function createUsageTap(isTerminal: TerminalRule): UsageTap {
  let usage: Record<string, unknown> | undefined;
  let copilotUsage: unknown;
  let done = false;
  const read = (event: string | undefined, data: string) => {
    if (isTerminal(event, data)) done = true;
    // Matches both "usage" and "copilot_usage" (which rides beside it, or alone).
    if (!data.includes('usage"')) return;
    try {
      const obj = JSON.parse(data) as Record<string, unknown>;
      const billing =
        obj.copilot_usage ?? (obj.response as Record<string, unknown> | undefined)?.copilot_usage;
      if (billing !== undefined) copilotUsage = billing;
      const found = (obj.usage ??
        (obj.response as Record<string, unknown> | undefined)?.usage ??
        (obj.message as Record<string, unknown> | undefined)?.usage) as Record<string, unknown> | undefined;
      if (found) usage = extend(usage ?? {}, found);
    } catch {
      // not our business: the client gets the bytes as they were
    }
  };
  return {
    frame: read,
    complete: () => done,
    usage: () => usage,
    copilotUsage: () => copilotUsage,
  };
}
