// Unsupported `anthropic-beta` values: Copilot's /v1/messages accepts only the three below
// (copilot-upstream-2026.md §4) and answers 400 "Unexpected value(s) ... for the `anthropic-beta`
// header" to anything else; Claude Code sends a dozen (claude-code-20250219, effort-*,
// context-1m-2025-08-07, fine-grained-tool-streaming-*, ... since 1.x, more with every release).
// The header is reduced to what Copilot accepts; the rest is reported as removed, never forwarded
// to fail the request.

export const COPILOT_ACCEPTED_BETAS = new Set([
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'advanced-tool-use-2025-11-20',
]);

export function reduceAnthropicBeta(header: string | string[] | undefined): {
  kept?: string;
  dropped: string[];
} {
  if (!header) return { dropped: [] };
  const values = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const kept = values.filter((v) => COPILOT_ACCEPTED_BETAS.has(v));
  return {
    kept: kept.length ? kept.join(',') : undefined,
    dropped: values.filter((v) => !COPILOT_ACCEPTED_BETAS.has(v)),
  };
}
