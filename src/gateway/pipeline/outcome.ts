// The one record every request ends with. Built in one place by the pipeline and handed to
// subscribers: the access log, the usage log, metrics and budgets read it; none of them is written
// once per protocol. Fields that a later concern fills (key, account) are slots here from the start.
import type { ProtocolId } from '../../protocols/ir/types.js';

/** Where the request came in: one of the four protocols, or a non-inference route. */
export type Ingress = ProtocolId | 'embeddings' | 'count-tokens' | 'models' | 'other';

/** Something the gateway changed on the way (fallback model, dropped field, clamp, trim...). */
export interface OutcomeChange {
  kind: string;
  detail: string;
}

/** What context management did (src/context/): set when the prompt was counted. */
export interface OutcomeContext {
  mode: 'off' | 'trim' | 'summarize';
  /** The gateway's estimate before and after (equal when nothing changed). */
  tokensBefore: number;
  tokensAfter: number;
  messagesDropped: number;
  /** Set when a summary replaced the dropped messages: whether it came from the cache. */
  summaryCacheHit?: boolean;
}

export interface OutcomeUsage {
  /** Prompt tokens including cache reads and writes. */
  inputTokens: number;
  /** Output tokens including reasoning. */
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** The call to Copilot (the retry loop's whole run), when the request made one. */
export interface OutcomeUpstream {
  /** Epoch ms when upstream.send was called. */
  startedAt: number;
  /** ms from then until Copilot's answer body ended or failed (absent: still open at the end). */
  durationMs?: number;
  /** Copilot's final HTTP status (absent when no answer came: connect failure, timeout, abort). */
  status?: number;
  /** Attempts the retry loop made. */
  attempts?: number;
}

export interface OutcomeRecord {
  traceId: string;
  /** Epoch ms when the request arrived. */
  startedAt: number;
  method: string;
  path: string;
  ingress: Ingress;
  /** The Copilot endpoint called (absent when the request never reached Copilot). */
  egress?: string;
  passthrough?: boolean;
  stream: boolean;
  /** How the request arrived when not as one HTTP request: `ws` for a Responses WebSocket turn. */
  transport?: 'ws';
  requestedModel?: string;
  resolvedModel?: string;
  /** HTTP status sent to the client (200 for a stream that later failed mid-way; see errorKind). */
  status: number;
  /** GatewayError kind, or "client_abort" / "stream_error" for failures after the first byte. */
  errorKind?: string;
  usage?: OutcomeUsage;
  /** Copilot's own cost (`copilot_usage.total_nano_aiu`) when the answer reported it. */
  costNanoAiu?: number;
  initiator?: 'user' | 'agent';
  /** The model's premium-request multiplier (request-billed plans), from the catalogue. */
  multiplier?: number;
  /** ms from arrival to the first byte written to the client. */
  firstByteMs?: number;
  /** ms from arrival to the end of the answer. */
  durationMs: number;
  /** Filled by the API-key concern. */
  keyId?: string;
  /** The Copilot account that served (filled from the pool's answer, after upstream.send). */
  accountId?: string;
  /** The account this conversation's earlier turns were on, when it moved (failover, limits). */
  movedFrom?: string;
  changes: OutcomeChange[];
  /** Context management's figures (changes carries the same as readable text). */
  context?: OutcomeContext;
  /** The Copilot call (traces draw it as the request's child span). */
  upstream?: OutcomeUpstream;
}

export type OutcomeSubscriber = (record: OutcomeRecord) => void;
