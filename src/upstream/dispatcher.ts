// The undici dispatcher every outbound call uses: a keep-alive pool, or with --proxy-env an
// agent that honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY (undici's EnvHttpProxyAgent).
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import type { Settings } from '../config/settings.js';

export function createDispatcher(settings: Pick<Settings, 'proxyEnv' | 'timeouts'>): Dispatcher {
  const options = {
    connect: { timeout: settings.timeouts.connectMs },
    headersTimeout: settings.timeouts.firstByteMs,
    bodyTimeout: settings.timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 128,
    pipelining: 1,
  };
  return settings.proxyEnv ? new EnvHttpProxyAgent(options) : new Agent(options);
}
