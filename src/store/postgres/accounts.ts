// PostgreSQL accounts repository: the SQLite one's queries (src/store/sqlite/accounts.ts) over a
// pool. Adding, changing, removing an account and its cooldowns notify the other instances; their
// change stamp moves, so their pools reload (and honour each other's cooldowns). Served counters
// and limit headers are not notified (frequent, and each pool keeps its own running view).
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  ACCOUNT_PATCH_COLUMNS as COLUMNS,
  type AccountRow as Row,
  toAccount,
} from '../accounts/account-row.js';
import type {
  AccountLimits,
  AccountPatch,
  AccountState,
  AccountsRepo,
  NewAccount,
} from '../accounts/types.js';
import type { ChangeFeed } from './changes.js';
import { notifySql } from './changes.js';
import { inTransaction, q } from './db.js';
import { createOwnWrites } from './own-writes.js';

const NOTIFY = notifySql('accounts');
const ENSURE_STATE = 'INSERT INTO account_state (account_id) VALUES ($1) ON CONFLICT DO NOTHING';

export function createPgAccounts(
  pool: pg.Pool,
  feed: ChangeFeed,
  now: () => number = Date.now,
): AccountsRepo {
  let changes = 0;
  // The pool records cooldowns without waiting; this instance's reads see them all the same.
  const own = createOwnWrites();
  feed.on((topic) => {
    if (topic === 'accounts' || topic === 'resync') changes++;
  });

  const labelTaken = async (label: string) =>
    (await q(pool, 'SELECT 1 FROM accounts WHERE label = $1', [label])).rowCount !== 0;

  async function uniqueLabel(wanted: string): Promise<string> {
    if (!(await labelTaken(wanted))) return wanted;
    for (let n = 2; ; n++) if (!(await labelTaken(`${wanted}-${n}`))) return `${wanted}-${n}`;
  }

  const withState = async (id: string, sql: string, values: unknown[], notify: boolean) => {
    await own.track(
      inTransaction(pool, async (c) => {
        await q(c, ENSURE_STATE, [id]);
        await q(c, sql, values);
        if (notify) await q(c, NOTIFY);
      }),
    );
    if (notify) changes++;
  };

  return {
    async list() {
      await own.settled();
      await own.settled();
      return (await q<Row>(pool, 'SELECT * FROM accounts ORDER BY priority, created_ms, id')).rows.map(
        toAccount,
      );
    },
    async find(idOrLabel) {
      await own.settled();
      await own.settled();
      const r = (
        await q<Row>(
          pool,
          'SELECT * FROM accounts WHERE id = $1 OR label = $1 ORDER BY (id = $1) DESC LIMIT 1',
          [idOrLabel],
        )
      ).rows[0];
      return r ? toAccount(r) : undefined;
    },
    async add(input: NewAccount) {
      if (input.label && (await labelTaken(input.label)))
        throw new Error(`an account labelled ${input.label} exists already`);
      const row: Row = {
        id: `acc_${randomBytes(6).toString('hex')}`,
        label: input.label ?? (await uniqueLabel(input.login)),
        login: input.login,
        kind: input.kind,
        github_url: input.githubUrl,
        account_type: input.accountType ?? null,
        copilot_api_url: input.copilotApiUrl ?? null,
        priority: input.priority ?? 0,
        enabled: true,
        proxy_url: input.proxyUrl ?? null,
        device_id: randomUUID(),
        machine_id: randomBytes(32).toString('hex'),
        created_ms: now(),
      };
      await inTransaction(pool, async (c) => {
        await q(
          c,
          `INSERT INTO accounts (id, label, login, kind, github_url, account_type, copilot_api_url, priority,
            enabled, proxy_url, device_id, machine_id, created_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $10, $11, $12)`,
          [
            row.id,
            row.label,
            row.login,
            row.kind,
            row.github_url,
            row.account_type,
            row.copilot_api_url,
            row.priority,
            row.proxy_url,
            row.device_id,
            row.machine_id,
            row.created_ms,
          ],
        );
        await q(c, 'INSERT INTO account_secrets (account_id, github_token) VALUES ($1, $2)', [
          row.id,
          input.token,
        ]);
        await q(c, ENSURE_STATE, [row.id]);
        await q(c, NOTIFY);
      });
      changes++;
      return toAccount(row);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [k, v] of Object.entries(patch) as [keyof AccountPatch, unknown][]) {
        if (v === undefined) continue;
        values.push(v);
        sets.push(`${COLUMNS[k]} = $${values.length}`);
      }
      if (sets.length === 0) return;
      values.push(id);
      await inTransaction(pool, async (c) => {
        await q(c, `UPDATE accounts SET ${sets.join(', ')} WHERE id = $${values.length}`, values);
        await q(c, NOTIFY);
      });
      changes++;
    },
    async remove(id) {
      const removed = await inTransaction(pool, async (c) => {
        const n = (await q(c, 'DELETE FROM accounts WHERE id = $1', [id])).rowCount ?? 0;
        await q(c, NOTIFY);
        return n > 0;
      });
      changes++;
      return removed;
    },
    async token(id) {
      return (
        await q<{ github_token: string }>(
          pool,
          'SELECT github_token FROM account_secrets WHERE account_id = $1',
          [id],
        )
      ).rows[0]?.github_token;
    },
    async states() {
      await own.settled();
      await own.settled();
      const rows = (
        await q<{
          account_id: string;
          cooldown_until: number | null;
          reason: string | null;
          failing: boolean;
          limits: string | null;
          served: number;
        }>(pool, 'SELECT * FROM account_state')
      ).rows;
      return rows.map((r) => ({
        accountId: r.account_id,
        cooldownUntil: r.cooldown_until ?? undefined,
        reason: r.reason ?? undefined,
        failing: r.failing,
        limits: r.limits ? (JSON.parse(r.limits) as AccountLimits) : undefined,
        served: r.served,
      })) satisfies AccountState[];
    },
    async coolDown(id, until, reason, failing = false) {
      await withState(
        id,
        'UPDATE account_state SET cooldown_until = $1, reason = $2, failing = $3 WHERE account_id = $4',
        [until, reason, failing, id],
        true,
      );
    },
    async clearCooldown(id) {
      await withState(
        id,
        'UPDATE account_state SET cooldown_until = NULL, reason = NULL, failing = FALSE WHERE account_id = $1',
        [id],
        true,
      );
    },
    async recordLimits(id, l) {
      await withState(
        id,
        'UPDATE account_state SET limits = $1 WHERE account_id = $2',
        [JSON.stringify(l), id],
        false,
      );
    },
    async addServed(id, n) {
      await withState(
        id,
        'UPDATE account_state SET served = served + $1 WHERE account_id = $2',
        [n, id],
        false,
      );
    },
    changeStamp() {
      return `pg:${changes}`;
    },
  };
}
