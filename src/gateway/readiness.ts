// Readiness (GET /readyz): whether this instance can do its job with what it depends on, so a load
// balancer drains one that lost them. Each dependency adds a named check to `ctx.readiness` in the
// composition root (redis here; the state store's database the same way); /healthz stays liveness.

export type ReadinessResult = { ok: boolean } & Record<string, unknown>;
export type ReadinessCheck = () => Promise<ReadinessResult>;

const CHECK_TIMEOUT_MS = 1000;

/** Runs every check at once, each bounded to a second (a hung dependency is not ready). */
export async function runReadiness(
  checks: Record<string, ReadinessCheck>,
): Promise<{ ready: boolean; checks: Record<string, ReadinessResult> }> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => bounded(checks[name] as ReadinessCheck)));
  const out: Record<string, ReadinessResult> = {};
  names.forEach((name, i) => {
    out[name] = results[i] as ReadinessResult;
  });
  return { ready: results.every((r) => r.ok), checks: out };
}

async function bounded(check: ReadinessCheck): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check().catch((err: Error): ReadinessResult => ({ ok: false, error: err.message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
