// GET /metrics: the Prometheus text format, after the access check. Framework-neutral (plain
// node:http request/response) so the router can mount it as a thin route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { MetricsAccess } from './metrics-access.js';

export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: GatewayMetrics,
  access: (req: IncomingMessage) => MetricsAccess,
): Promise<void> {
  const allowed = access(req);
  if (!allowed.ok) {
    const body = JSON.stringify({
      error: {
        message: allowed.message,
        type: allowed.status === 401 ? 'authentication_error' : 'permission_error',
      },
    });
    res.writeHead(allowed.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(allowed.status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
    });
    res.end(body);
    return;
  }
  const { contentType, body } = await metrics.scrape();
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
