// Readiness (GET /readyz): whether this instance can do its job with what it depends on, so a load
// balancer drains one that lost them. Each dependency adds a named check to `ctx.readiness` in the
// composition root (redis; the state store's database); /healthz stays liveness.

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; error?: string; [k: string]: unknown }>;
}

type CheckResult = Awaited<ReturnType<ReadinessCheck['check']>>;

const CHECK_TIMEOUT_MS = 2000;

/** Runs every check at once, each bounded (a hung dependency answers not-ready, not a hang). */
export async function runReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const results = await Promise.all(checks.map((c) => bounded(c, timeoutMs)));
  const out: Record<string, CheckResult> = {};
  checks.forEach((c, i) => {
    out[c.name] = results[i] as CheckResult;
  });
  return { ready: results.every((r) => r.ok), checks: out };
}

async function bounded(c: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      c.check().catch((err: Error): CheckResult => ({ ok: false, error: err.message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
