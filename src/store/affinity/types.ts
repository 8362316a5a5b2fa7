// Conversation affinity: which account served a conversation, with a TTL, kept in the store so
// it survives a restart and several gateway instances could share it.
export interface AffinityRepo {
  /** The account bound to a conversation and when the binding expires (epoch ms). */
  get(key: string): Promise<{ accountId: string; expiresAt: number } | undefined>;
  /** Binds (or re-binds) a conversation to an account for `ttlSec` from now. */
  set(key: string, accountId: string, ttlSec: number): Promise<void>;
  /** Forgets the bindings of an account (it was removed). */
  dropAccount(accountId: string): Promise<void>;
}
