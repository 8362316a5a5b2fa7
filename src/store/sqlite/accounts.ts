// SQLite accounts repository. Secrets live in their own table and only token() reads them.
import { randomBytes, randomUUID } from 'node:crypto';
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
import { createDataVersion, type DataVersion } from './data-version.js';
import type { SqliteMigration } from './migrate.js';
import type { SqliteDb } from './open.js';

export const accountsMigrations: SqliteMigration[] = [
  {
    id: 'accounts-001-create',
    up: (db) =>
      db.exec(`
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL UNIQUE,
          login TEXT NOT NULL,
          kind TEXT NOT NULL,
          github_url TEXT NOT NULL,
          account_type TEXT,
          copilot_api_url TEXT,
          priority INTEGER NOT NULL DEFAULT 0,
          enabled INTEGER NOT NULL DEFAULT 1,
          proxy_url TEXT,
          device_id TEXT NOT NULL,
          machine_id TEXT NOT NULL,
          created_ms INTEGER NOT NULL
        );
        CREATE TABLE account_secrets (
          account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
          github_token TEXT NOT NULL
        );
        CREATE TABLE account_state (
          account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
          cooldown_until INTEGER,
          reason TEXT,
          failing INTEGER NOT NULL DEFAULT 0,
          limits TEXT,
          served INTEGER NOT NULL DEFAULT 0
        );`),
  },
];

export function createSqliteAccounts(
  db: SqliteDb,
  now: () => number = Date.now,
  dataVersion: DataVersion = createDataVersion(db),
): AccountsRepo {
  const listStmt = db.prepare('SELECT * FROM accounts ORDER BY priority, created_ms, id');
  const byIdOrLabel = db.prepare(
    'SELECT * FROM accounts WHERE id = ? OR label = ? ORDER BY id = ? DESC LIMIT 1',
  );
  const labelTaken = db.prepare('SELECT 1 FROM accounts WHERE label = ?');
  const insert = db.prepare(`INSERT INTO accounts (id, label, login, kind, github_url, account_type,
    copilot_api_url, priority, enabled, proxy_url, device_id, machine_id, created_ms)
    VALUES (@id, @label, @login, @kind, @github_url, @account_type, @copilot_api_url, @priority, 1,
    @proxy_url, @device_id, @machine_id, @created_ms)`);
  const insertSecret = db.prepare('INSERT INTO account_secrets (account_id, github_token) VALUES (?, ?)');
  const secret = db.prepare('SELECT github_token FROM account_secrets WHERE account_id = ?');
  const del = db.prepare('DELETE FROM accounts WHERE id = ?');
  const states = db.prepare('SELECT * FROM account_state');
  const ensureState = db.prepare('INSERT OR IGNORE INTO account_state (account_id) VALUES (?)');
  const cool = db.prepare(
    'UPDATE account_state SET cooldown_until = ?, reason = ?, failing = ? WHERE account_id = ?',
  );
  const clear = db.prepare(
    'UPDATE account_state SET cooldown_until = NULL, reason = NULL, failing = 0 WHERE account_id = ?',
  );
  const limits = db.prepare('UPDATE account_state SET limits = ? WHERE account_id = ?');
  const served = db.prepare('UPDATE account_state SET served = served + ? WHERE account_id = ?');
  // data_version changes only for other connections' commits; our own writes bump this.
  let localWrites = 0;

  const withState = (id: string, fn: () => void) => {
    db.transaction(() => {
      ensureState.run(id);
      fn();
    })();
  };

  function uniqueLabel(wanted: string): string {
    if (!labelTaken.get(wanted)) return wanted;
    for (let n = 2; ; n++) if (!labelTaken.get(`${wanted}-${n}`)) return `${wanted}-${n}`;
  }

  return {
    async list() {
      return (listStmt.all() as Row[]).map(toAccount);
    },
    async find(idOrLabel) {
      const r = byIdOrLabel.get(idOrLabel, idOrLabel, idOrLabel) as Row | undefined;
      return r ? toAccount(r) : undefined;
    },
    async add(input: NewAccount) {
      if (input.label && labelTaken.get(input.label))
        throw new Error(`an account labelled ${input.label} exists already`);
      const row: Row = {
        id: `acc_${randomBytes(6).toString('hex')}`,
        label: input.label ?? uniqueLabel(input.login),
        login: input.login,
        kind: input.kind,
        github_url: input.githubUrl,
        account_type: input.accountType ?? null,
        copilot_api_url: input.copilotApiUrl ?? null,
        priority: input.priority ?? 0,
        enabled: 1,
        proxy_url: input.proxyUrl ?? null,
        device_id: randomUUID(),
        machine_id: randomBytes(32).toString('hex'),
        created_ms: now(),
      };
      db.transaction(() => {
        insert.run(row);
        insertSecret.run(row.id, input.token);
        ensureState.run(row.id);
      })();
      localWrites++;
      return toAccount(row);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [k, v] of Object.entries(patch) as [keyof AccountPatch, unknown][]) {
        if (v === undefined) continue;
        sets.push(`${COLUMNS[k]} = ?`);
        values.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      }
      if (sets.length === 0) return;
      db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      localWrites++;
    },
    async remove(id) {
      const changed = del.run(id).changes > 0;
      localWrites++;
      return changed;
    },
    async token(id) {
      return (secret.get(id) as { github_token: string } | undefined)?.github_token;
    },
    async states() {
      return (
        states.all() as {
          account_id: string;
          cooldown_until: number | null;
          reason: string | null;
          failing: number;
          limits: string | null;
          served: number;
        }[]
      ).map((r) => ({
        accountId: r.account_id,
        cooldownUntil: r.cooldown_until ?? undefined,
        reason: r.reason ?? undefined,
        failing: r.failing === 1,
        limits: r.limits ? (JSON.parse(r.limits) as AccountLimits) : undefined,
        served: r.served,
      })) satisfies AccountState[];
    },
    async coolDown(id, until, reason, failing = false) {
      withState(id, () => cool.run(until, reason, failing ? 1 : 0, id));
    },
    async clearCooldown(id) {
      withState(id, () => clear.run(id));
    },
    async recordLimits(id, l) {
      withState(id, () => limits.run(JSON.stringify(l), id));
    },
    async addServed(id, n) {
      withState(id, () => served.run(n, id));
    },
    changeStamp(checked) {
      return `${checked ? dataVersion.recent() : dataVersion.read()}:${localWrites}`;
    },
  };
}
