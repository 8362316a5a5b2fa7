// Stored Responses answers for previous_response_id (Copilot runs with store:false).
export interface StoredResponse {
  id: string;
  model: string;
  /** The whole input of the request, previous turns already expanded. */
  input: unknown[];
  output: unknown[];
  /** The account that produced it (its encrypted reasoning is bound to that account). */
  accountId?: string;
  /** The conversation key of the request that produced it (a chain keeps its first turn's key). */
  conversation?: string;
}

export interface ResponsesRepo {
  get(id: string): Promise<StoredResponse | undefined>;
  put(entry: StoredResponse): Promise<void>;
}

export interface ResponsesLimits {
  ttlSec: number;
  maxEntries: number;
  /** Total bytes of stored input+output; the oldest go first beyond it. */
  maxBytes: number;
}
