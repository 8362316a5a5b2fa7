// Safe start-up: a gateway reachable from the network with no API key would let anyone there
// spend the account. It refuses to start (exit code 2) unless the user says --no-auth, which is
// then warned about on every start.
import { StartRefused } from '../config/errors.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../util/log.js';

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

export function checkExposure(settings: Settings, hasKeys: boolean, log: Logger): void {
  if (isLoopbackHost(settings.host) || hasKeys) return;
  if (settings.noAuth) {
    log.warn(
      `--no-auth: listening on ${settings.host} with no API key; anyone who can reach this address can use the Copilot account. Create a key with \`copilot-gateway keys create --name NAME\`.`,
    );
    return;
  }
  throw new StartRefused(
    `Refusing to listen on ${settings.host} with no API key: anyone on the network could use the Copilot account. Either create a key first (\`copilot-gateway keys create --name NAME\`), or pass --no-auth to accept the risk.`,
  );
}
