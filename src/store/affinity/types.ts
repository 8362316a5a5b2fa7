// Conversation affinity: which account served a conversation, with a TTL, kept in the store so
// it survives a restart and several gateway instances could share it.
export interface AffinityRepo {
  get(key: string): Promise<string | undefined>;
  /** Binds (or re-binds) a conversation to an account for `ttlSec` from now. */
  set(key: string, accountId: string, ttlSec: number): Promise<void>;
  /** Forgets the bindings of an account (it was removed). */
  dropAccount(accountId: string): Promise<void>;
}
