// A token source facade over the pool: the first enabled account's (GET /token, diagnostics).

import { GatewayError } from '../../errors/gateway-error.js';
import type { CopilotTokenSource } from '../../github/types.js';
import type { AccountPool, PoolMember } from './pool.js';

export function primaryTokenSource(pool: AccountPool): CopilotTokenSource {
  const first = async (): Promise<PoolMember> => {
    const m = (await pool.members()).find((x) => x.enabled);
    if (!m)
      throw new GatewayError('authentication', 'The gateway has no enabled GitHub account', { status: 503 });
    return m;
  };
  return {
    get: async () => (await first()).tokens.get(),
    refresh: async (reason) => (await first()).tokens.refresh(reason),
    stop() {},
  };
}
