// GET /metrics: the gateway's Prometheus registry (src/metrics), behind its access rule
// (metricsToken, an admin credential, or a loopback client).
import type { RequestContext } from '../request-context.js';

export async function metrics(rc: RequestContext): Promise<void> {
  await rc.ctx.usage.serveMetrics(rc.req, rc.res);
}
