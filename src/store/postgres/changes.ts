// Cross-instance freshness: every write other instances must see at once (keys, accounts and
// their cooldowns, affinity moves) sends a NOTIFY in its own transaction (delivered at commit);
// one LISTEN connection per instance hears them and tells the repositories, which refresh their
// in-memory views. The channel is shared by the database; the payload names the schema, so stores
// in different schemas of one database (the tests) ignore each other. After a lost connection the
// listener reconnects with backoff and announces a resync (everything reloads once).
import pg from 'pg';
import { pgTypes } from './db.js';

export const CHANGE_CHANNEL = 'copilot_gateway';
export type ChangeTopic = 'keys' | 'accounts' | 'affinity';

/** SQL that notifies a change (parameter $n = detail or ''), for use inside a write's statement list. */
export function notifySql(topic: ChangeTopic, detailParam?: number): string {
  const detail = detailParam === undefined ? "''" : `$${detailParam}`;
  return `SELECT pg_notify('${CHANGE_CHANNEL}', current_schema() || ':${topic}:' || ${detail})`;
}

export interface ChangeFeed {
  /** `detail` is what the writer put there ('' for most topics); `resync`: everything may be stale. */
  on(listener: (topic: ChangeTopic | 'resync', detail: string) => void): void;
  /** Whether the LISTEN connection is up (part of /readyz's database check). */
  connected(): boolean;
  /** Resolves once the first LISTEN is in place (or failed once). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function startChangeFeed(url: string, schema: string, log?: (msg: string) => void): ChangeFeed {
  const listeners: ((topic: ChangeTopic | 'resync', detail: string) => void)[] = [];
  const emit = (topic: ChangeTopic | 'resync', detail: string) => {
    for (const l of listeners) l(topic, detail);
  };
  let client: pg.Client | undefined;
  let up = false;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;
  let firstDone: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    firstDone = resolve;
  });
  const prefix = `${schema}:`;

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, types: pgTypes() });
    client = c;
    const lost = (why: string) => {
      if (client !== c) return;
      client = undefined;
      if (up) log?.(`database change feed lost (${why}); reconnecting`);
      up = false;
      c.end().catch(() => {});
      if (!closed) {
        timer = setTimeout(() => void connect(), delay);
        timer.unref();
        delay = Math.min(delay * 2, 5000);
      }
    };
    c.on('error', (err) => lost(err.message));
    c.on('end', () => lost('connection ended'));
    c.on('notification', (n) => {
      const p = n.payload ?? '';
      if (!p.startsWith(prefix)) return;
      const rest = p.slice(prefix.length);
      const cut = rest.indexOf(':');
      const topic = (cut < 0 ? rest : rest.slice(0, cut)) as ChangeTopic;
      emit(topic, cut < 0 ? '' : rest.slice(cut + 1));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (client !== c) return;
      up = true;
      delay = 100;
      // Whatever changed while nobody listened: reload once.
      emit('resync', '');
    } catch (err) {
      lost((err as Error).message);
    } finally {
      firstDone();
    }
  };
  void connect();

  return {
    on(l) {
      listeners.push(l);
    },
    connected: () => up,
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      up = false;
      if (c) await c.end().catch(() => {});
    },
  };
}
