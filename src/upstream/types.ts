// Contracts of the Copilot side.
import type { UpstreamBody } from './upstream-body.js';

export type { UpstreamBody };

import type { Cancellation } from '../util/cancellation.js';

export type CopilotEndpoint = '/chat/completions' | '/responses' | '/v1/messages' | '/embeddings' | '/models';

export type Initiator = 'user' | 'agent';

export interface UpstreamRequest {
  endpoint: CopilotEndpoint;
  method?: 'GET' | 'POST';
  /** Raw JSON body (passthrough) or a value to serialise (translated paths). */
  body?: Buffer | string | Record<string, unknown>;
  /** Extra headers (vision, initiator, anthropic-beta, interaction type...). */
  headers?: Record<string, string>;
  initiator?: Initiator;
  vision?: boolean;
  /** Sent upstream as x-request-id. */
  traceId: string;
  /** Aborted when the client disconnects. */
  cancel?: Cancellation;
  /** The Copilot model asked for: accounts whose own catalogue lacks it are skipped. */
  model?: string;
  /**
   * The conversation this request belongs to (src/upstream/accounts/conversation-key.ts): its
   * turns stay on the account that served it while that account is usable. A function is called
   * only when the pool has more than one account (the key costs a hash).
   */
  conversation?: string | (() => string | undefined);
  /** Send with this account only (per-account catalogue, usage). */
  accountId?: string;
  /**
   * The request's API-key check asked the store whether another process committed, after the
   * request arrived: the pool reuses that answer instead of asking again (AccountsRepo.changeStamp).
   */
  storeChecked?: boolean;
  /**
   * Called when the conversation moves to another account than the one that served its earlier
   * turns: returns the body to send instead and what was changed. Default: the client applies
   * accounts/move-conversation.ts to the body itself (account-bound parts dropped).
   */
  onMove?: (move: { from: string; to: string }) => MovedBody | undefined;
}

/** A request body rewritten for another account, with the changes for the outcome record. */
export interface MovedBody {
  body: Buffer | string | Record<string, unknown>;
  changes: { kind: string; detail: string }[];
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, not yet read. Callers must consume or destroy it. */
  body: UpstreamBody;
  /** How many attempts the retry loop made. */
  attempts: number;
  /** The account that served (or last refused) the request. */
  accountId?: string;
  /** Set when the conversation moved here from another account. */
  movedFrom?: string;
  /** What the move changed in the request (and failovers that happened), for the outcome record. */
  changes?: { kind: string; detail: string }[];
}

export interface UpstreamClient {
  /**
   * Sends one request to Copilot. Retries (connection errors, 5xx, 429 within the retry-after
   * cap, one token refresh on 401) happen here and only here, before anything reaches the client.
   * Resolves with the final response, successful or not; rejects with a GatewayError only when no
   * HTTP response could be had at all (connect failure after retries, timeout, abort).
   */
  send(req: UpstreamRequest): Promise<UpstreamResponse>;
  /**
   * Fails every response body still being read with `err` (graceful shutdown after the grace
   * period): each stream driver then ends its client's stream with its protocol's error event,
   * and a non-stream request answers with the error. Returns how many bodies it interrupted.
   */
  interruptAll(err: Error): number;
  close(): Promise<void>;
}

/** A model from Copilot's /models, with `supportedEndpoints` normalised. */
export interface CopilotModel {
  id: string;
  name: string;
  vendor: string;
  /** Absent upstream means chat only: normalised to ['/chat/completions']. */
  supportedEndpoints: string[];
  /** True when the upstream entry had no supported_endpoints at all. */
  legacyEndpoints: boolean;
  type: string;
  family?: string;
  tokenizer?: string;
  limits: {
    maxContextWindowTokens?: number;
    maxPromptTokens?: number;
    maxOutputTokens?: number;
    maxNonStreamingOutputTokens?: number;
    maxInputs?: number;
  };
  supports: Record<string, unknown>;
  billing?: { is_premium?: boolean; multiplier?: number };
  preview?: boolean;
  requestHeaders?: Record<string, string>;
  /** The upstream entry, verbatim. */
  raw: Record<string, unknown>;
}
