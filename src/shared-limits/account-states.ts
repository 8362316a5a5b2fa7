// Account cooldowns and failures, told to every instance at once: each state is stored with a TTL
// (until the cooldown ends) so an instance that starts, or reconnects, reads the current ones, and
// published on one channel so the running instances apply it at once. The pool (upstream/accounts/
// pool.ts) publishes what it decides and applies what the others decided.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../util/log.js';
import type { RedisLink } from './redis-link.js';
import type { AccountStateChannel, AccountStateMessage } from './types.js';

interface Wire extends AccountStateMessage {
  from: string;
}

export interface RedisAccountStates extends AccountStateChannel {
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createRedisAccountStates(o: {
  link: RedisLink;
  prefix: string;
  log: Logger;
}): RedisAccountStates {
  const channel = `${o.prefix}account-states`;
  const keyOf = (accountId: string) => `${o.prefix}cooldown:${accountId}`;
  const from = randomBytes(6).toString('hex');
  const listeners: ((m: AccountStateMessage) => void)[] = [];
  let sub: Redis | undefined;

  const deliver = (m: AccountStateMessage) => {
    for (const listener of listeners) listener(m);
  };

  const parse = (text: string): Wire | undefined => {
    try {
      const m = JSON.parse(text) as Wire;
      return typeof m.accountId === 'string' && typeof m.until === 'number' ? m : undefined;
    } catch {
      return undefined;
    }
  };

  /** Reads the stored states (after a connect: what was published while this instance was away). */
  async function resync(): Promise<void> {
    const client = o.link.client;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await client.scan(cursor, 'MATCH', `${o.prefix}cooldown:*`, 'COUNT', 200);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length === 0) return;
    for (const text of await client.mget(...keys)) {
      const m = text ? parse(text) : undefined;
      if (m) deliver({ accountId: m.accountId, until: m.until, reason: m.reason, failing: m.failing });
    }
  }

  o.link.onUp(() => {
    void resync().catch((err: Error) =>
      o.log.debug(`could not read the shared account states: ${err.message}`),
    );
  });

  return {
    publish(m) {
      if (!o.link.up) return;
      // An explicit literal: a spread with a new key makes a new hidden class per call on Node 20.
      const wire: Wire = {
        accountId: m.accountId,
        until: m.until,
        reason: m.reason,
        failing: m.failing,
        cleared: m.cleared,
        from,
      };
      const text = JSON.stringify(wire);
      const ttl = m.until - Date.now();
      const batch = o.link.client.multi();
      if (m.cleared || ttl <= 0) batch.del(keyOf(m.accountId));
      else batch.set(keyOf(m.accountId), text, 'PX', Math.ceil(ttl));
      batch.publish(channel, text);
      batch.exec().catch((err: Error) => o.link.failed(err));
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    async start() {
      sub = o.link.client.duplicate({
        lazyConnect: true,
        enableOfflineQueue: true,
        commandTimeout: undefined,
      });
      sub.on('error', () => {});
      sub.on('message', (_channel: string, text: string) => {
        const m = parse(text);
        if (m && m.from !== from)
          deliver({
            accountId: m.accountId,
            until: m.until,
            reason: m.reason,
            failing: m.failing,
            cleared: m.cleared,
          });
      });
      await sub.connect().catch(() => {});
      // Queued until connected when Redis is away now; ioredis subscribes again after a reconnect.
      const subscribing = sub.subscribe(channel).catch(() => {});
      if (sub.status === 'ready') await subscribing;
    },
    async close() {
      sub?.disconnect();
      sub = undefined;
    },
  };
}
