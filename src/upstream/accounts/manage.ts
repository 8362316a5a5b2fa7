// Changes to the account store that the `accounts` CLI and the admin API both make, written once:
// the pool sees each of them on its next request (the store's change stamp moves).
import type { StateStore } from '../../store/state-store.js';

/** Why a proxy URL is not usable, or undefined when it is (http, https, socks). */
export function proxyUrlProblem(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (/^(https?|socks5?):$/.test(u.protocol)) return undefined;
  } catch {
    // falls through
  }
  return `expected an http(s) URL such as http://proxy:3128 (got "${value}")`;
}

/** Removes the account and the conversations bound to it. */
export async function removeAccount(store: StateStore, id: string): Promise<boolean> {
  const removed = await store.accounts.remove(id);
  await store.affinity.dropAccount(id);
  return removed;
}

/** Enabling also lifts a recorded cooldown or failure: the operator says it is fine again. */
export async function setAccountEnabled(store: StateStore, id: string, enabled: boolean): Promise<void> {
  await store.accounts.update(id, { enabled });
  if (enabled) await store.accounts.clearCooldown(id);
}

/** Priorities 0, 1, 2… in the order given (the first is tried first by fill-first). */
export async function reorderAccounts(store: StateStore, ids: readonly string[]): Promise<void> {
  for (const [priority, id] of ids.entries()) await store.accounts.update(id, { priority });
}
