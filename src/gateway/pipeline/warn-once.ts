// Warnings that would repeat on every request of a session (e.g. "top_k ignored") are logged once
// per distinct cause; later occurrences are kept at debug level. One instance per gateway context.
import type { Logger } from '../../util/log.js';

const MAX_CAUSES = 1000;

export class WarnOnce {
  private readonly seen = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Logs `message` at warn level the first time `cause` is seen, at debug level afterwards. */
  warn(cause: string, message: string, fields?: Record<string, unknown>): void {
    if (this.seen.has(cause)) {
      if (this.log.verbose) this.log.debug(message, fields);
      return;
    }
    // A bounded set: causes are few in practice, but they come from client input.
    if (this.seen.size >= MAX_CAUSES) this.seen.clear();
    this.seen.add(cause);
    this.log.warn(`${message} (logged once; repeats at debug level)`, fields);
  }
}
