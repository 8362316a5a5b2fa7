// The responses a Responses WebSocket connection produced, for `previous_response_id` within the
// connection. In WebSocket mode a client (Codex) sends store:false and then chains each turn to
// the previous one with only the new input items: the server keeps the connection's recent
// responses in memory, as OpenAI's WebSocket mode does. Bounded: the last few responses of the
// connection, gone when it closes. A `ResponsesRepo`, so the HTTP path's expansion applies as is.
import type { ResponsesRepo, StoredResponse } from '../../store/responses/types.js';

/** Responses kept per connection (a client chains to the latest; a few allow a retried turn). */
export const CONNECTION_RESPONSES_MAX = 8;

export class ConnectionResponses implements ResponsesRepo {
  private readonly entries = new Map<string, StoredResponse>();

  constructor(private readonly max = CONNECTION_RESPONSES_MAX) {}

  has(id: unknown): boolean {
    return typeof id === 'string' && this.entries.has(id);
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    return this.entries.get(id);
  }

  async put(entry: StoredResponse): Promise<void> {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
