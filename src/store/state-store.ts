// The gateway's state: accounts, API keys, the usage log, conversation affinity and stored
// Responses answers. Callers see only these interfaces, so a server database (PostgreSQL) can back
// them later without touching a caller. Conventions every repository follows:
// - methods that read or write the database return Promises (a server database is async), except
//   where a repository keeps an in-memory view for the hot path and says so;
// - a repository owns its tables and its migrations (ids prefixed by the repository's name);
// - secrets are stored 0600 (the database file) and never returned by list methods.
// Each concern adds its repository here as it lands (accounts, keys, usage, affinity...).
import type { SummaryRepository } from '../context/summaries.js';
import type { UsageRepository } from '../usage/log/types.js';
import type { AccountsRepo } from './accounts/types.js';
import type { AdminRepo } from './admin.js';
import type { AffinityRepo } from './affinity/types.js';
import type { KeysRepo } from './keys.js';
import type { ResponsesRepo } from './responses/types.js';

export interface StateStore {
  /** Which backend holds the state ("sqlite" in the data dir by default). */
  readonly backend: 'sqlite' | 'postgres';
  readonly accounts: AccountsRepo;
  readonly affinity: AffinityRepo;
  readonly responses: ResponsesRepo;
  /** The usage log and its daily rollups (src/usage/log; SQLite: createSqliteUsageRepository). */
  readonly usage: UsageRepository;
  /** Gateway API keys (hashed), with the hot-path index the auth middleware reads. */
  readonly keys: KeysRepo;
  /** The admin password hash. */
  readonly admin: AdminRepo;
  /** Conversation summaries of context management (contextManagement mode summarize). */
  readonly summaries: SummaryRepository;
  /** Whether the database answers now (/readyz); never throws. */
  ping(): Promise<{ ok: boolean; error?: string }>;
  /** Releases connections and flushes pending writes. */
  close(): Promise<void>;
}
