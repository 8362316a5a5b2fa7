// Hands every finished request's OutcomeRecord to the subscribers registered on the gateway
// context (access log first; usage log, metrics and budgets later). A subscriber that throws is
// reported once per distinct message and never breaks the request or the other subscribers.
import type { Logger } from '../../util/log.js';
import type { OutcomeRecord, OutcomeSubscriber } from './outcome.js';

export class OutcomeBus {
  private subscribers: OutcomeSubscriber[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Registers a subscriber; returns the function that removes it. */
  subscribe(fn: OutcomeSubscriber): () => void {
    this.subscribers = [...this.subscribers, fn];
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== fn);
    };
  }

  emit(record: OutcomeRecord): void {
    for (const fn of this.subscribers) {
      try {
        fn(record);
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        if (this.reported.has(message)) continue;
        this.reported.add(message);
        this.log.error(`an outcome subscriber failed: ${message}`, { trace: record.traceId });
      }
    }
  }
}
