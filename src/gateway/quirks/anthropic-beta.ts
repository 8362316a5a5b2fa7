// Copilot's /v1/messages accepts only a few `anthropic-beta` values (copilot-upstream.md §4);
// Claude Code sends a dozen. The header is reduced to what Copilot accepts; unknown betas are
// dropped (a debug line says which), never forwarded to fail the request.

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
