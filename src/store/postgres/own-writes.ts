// Read-your-own-writes within an instance: the request path fires some writes without waiting
// (a cooldown, a stored Responses answer), and SQLite had them committed before the call returned.
// Over PostgreSQL they commit a moment later, so this instance's reads first wait for the writes
// it has in flight (milliseconds; nothing when none are pending).
export interface OwnWrites {
  /** Tracks a write; returns it. */
  track<T>(write: Promise<T>): Promise<T>;
  /** Resolves when every write tracked so far has settled. */
  settled(): Promise<void>;
}

export function createOwnWrites(): OwnWrites {
  const pending = new Set<Promise<unknown>>();
  return {
    track(write) {
      const p = write.finally(() => pending.delete(p));
      pending.add(p);
      // The caller handles the write's own failure; the set only waits for it.
      p.catch(() => {});
      return write;
    },
    async settled() {
      if (pending.size === 0) return;
      await Promise.allSettled([...pending]);
    },
  };
}
