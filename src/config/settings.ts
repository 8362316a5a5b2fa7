// Effective settings of one gateway, after layering flags > env > config.json > defaults
// (see ./load.ts). Everything that varies between runs lives here; nothing reads process.env
// deep inside the code.

import type { AccountType, IdentityHeaders } from '../github/identity.js';
import type { ModelPrice } from '../usage/price-schema.js';
import type { LogFormat } from '../util/log.js';

export type ContextModeSetting = 'off' | 'trim' | 'summarize';
export type EffortSetting = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ContextManagementSettings {
  /** Default for every model (trim). */
  mode: ContextModeSetting;
  /** Per Copilot model id ("*" = every model). */
  models: Record<string, ContextModeSetting>;
  /** Writes summaries in mode summarize (falls back to smallModel; without either, summarize trims). */
  summaryModel?: string;
  /** Share of the prompt limit kept free for the local count's error, in percent. */
  marginPercent: number;
}

// GitHub concepts, defined in github/ (settings only choose among them).
export type { AccountType, IdentityHeaders } from '../github/identity.js';
export { DEFAULT_IDENTITY } from '../github/identity.js';

export interface Timeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From request sent to response headers (and first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
}

/** What a client may hold open (slow or abusive clients; see docs/hardening.md). */
export interface ClientLimits {
  /** Time to send the request headers (Node's headersTimeout; a bare 408 after it). */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of a request body (a 408 in the caller's protocol). */
  bodyIdleMs: number;
  /** Time to send the whole request, headers and body (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** Open connections from all clients together (0: no limit). */
  maxConnections: number;
  /** Open connections from one client address (0: no limit). */
  maxConnectionsPerAddress: number;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** A 429/503 `retry-after` longer than this is not waited for; the error goes to the client. */
  maxRetryAfterSec: number;
  /** First backoff step for connection errors and 5xx without retry-after. */
  baseDelayMs: number;
}

export interface UsageSettings {
  /** Usage-log rows older than this are deleted. */
  retentionDays: number;
  /** Beyond this many usage-log rows, the oldest are deleted. */
  maxRows: number;
  /** Daily rollups (summaries, budgets) are kept this long. */
  rollupRetentionDays: number;
  /** How often each account's copilot_internal/user quota is fetched. */
  quotaPollSec: number;
  /** Price overrides, model id → USD per 1M tokens (see src/usage/prices.json). */
  prices: Record<string, ModelPrice>;
}

export interface Settings {
  port: number;
  host: string;
  accountType: AccountType;
  githubUrl: string;
  githubApiUrl: string;
  /** Forced Copilot API base URL; else the token's endpoints.api; else from the account type. */
  copilotApiUrl?: string;
  dataDir: string;
  /** PostgreSQL URL of the state store (else SQLite in the data dir). Holds a password: never log it. */
  databaseUrl?: string;
  verbose: boolean;
  showToken: boolean;
  proxyEnv: boolean;
  logFile?: string;
  /** `text` lines for people, or `json` (one object per line) for log collectors. */
  logFormat: LogFormat;
  identity: IdentityHeaders;
  timeouts: Timeouts;
  retry: RetryPolicy;
  /** Client model name → Copilot model id; wins over every rule. */
  modelMapping: Record<string, string>;
  /** Where Claude Code warm-up probes may go (see docs). */
  smallModel?: string;
  /** When set, /v1/messages/count_tokens is forwarded to Anthropic. */
  anthropicApiKey?: string;
  anthropicApiUrl: string;
  /** Interval of protocol heartbeats while the upstream is silent. */
  heartbeatMs: number;
  /** How long the model catalogue is trusted before a background refresh. */
  modelsTtlSec: number;
  /** Requests talking to Copilot at once before new ones are shed with a retryable 503. */
  maxConcurrent: number;
  /** V8's old-generation growth past the live heap after a full GC, in % (0: V8 decides). */
  heapGrowthPercent: number;
  clients: ClientLimits;
  /**
   * On SIGINT/SIGTERM: how long open requests may run to completion after the gateway stops
   * accepting; then each stream ends with its protocol's error event.
   */
  shutdownGraceMs: number;
  /** Largest request body accepted. */
  maxBodyBytes: number;
  contextManagement: ContextManagementSettings;
  /** Text appended to the system prompt, per Copilot model id ("*" = every model). */
  extraPrompts: Record<string, string>;
  /** Reasoning effort applied when the client sends none, per Copilot model id ("*" = every model). */
  reasoningEffort: Record<string, EffortSetting>;
  /** Stored responses for previous_response_id: lifetime and count. */
  responseStore: { ttlSec: number; maxEntries: number; maxBytes?: number };
  /** The account pool: how an account is chosen and how long a conversation stays on one. */
  pool: PoolSettings;
  /** Bearer token for GET /metrics; without it only loopback clients may scrape. */
  metricsToken?: string;
  /** OpenTelemetry traces over OTLP/HTTP JSON; undefined (the default): off. */
  tracing?: TracingSettings;
  /** Redis shared by every instance for limits, budgets and cooldowns (--redis-url). */
  redisUrl?: string;
  /** Prefix of the gateway's Redis keys and channels (several clusters on one Redis). */
  redisKeyPrefix: string;
  usage: UsageSettings;
  /** Host names (besides loopback names and IP literals) the gateway answers to. */
  allowedHosts: string[];
  /** Web origins allowed to call the API from a browser (CORS). */
  allowedOrigins: string[];
  /** Serve non-loopback clients while no API key exists (--no-auth; warned on every start). */
  noAuth: boolean;
  /** Global minimum interval between requests to Copilot, in seconds (--rate-limit). */
  rateLimitSec?: number;
  /** With rateLimitSec: queue early requests instead of answering 429 (--wait). */
  rateLimitWait: boolean;
  /** Ask at the terminal before each inference request (--manual). */
  manual: boolean;
  /** Lifetime of an admin session. */
  adminSessionTtlSec: number;
}

export interface TracingSettings {
  /** The collector: a base URL (`/v1/traces` is appended) or the full traces URL. */
  otlpEndpoint: string;
  /** Headers sent with every export (a collector's API key). */
  headers?: Record<string, string>;
  /** resource `service.name` (default copilot-gateway). */
  serviceName?: string;
  /** Finished requests waiting for export at most; past it new ones are dropped and counted. */
  maxQueued?: number;
  /** How often a batch is posted. */
  flushMs?: number;
  /** Timeout of one post to the collector. */
  timeoutMs?: number;
}

export type PoolStrategy = 'fill-first' | 'round-robin' | 'least-used';

export interface PoolSettings {
  /** fill-first (by priority; keeps the prompt cache warm), round-robin or least-used. */
  strategy: PoolStrategy;
  /** How long a conversation stays bound to the account that served it since its last turn. */
  affinityTtlSec: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstByteMs: 120_000, idleMs: 300_000 };
export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  headersTimeoutMs: 15_000,
  bodyIdleMs: 30_000,
  requestTimeoutMs: 300_000,
  maxConnections: 4096,
  maxConnectionsPerAddress: 1024,
};
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, maxRetryAfterSec: 30, baseDelayMs: 250 };

/**
 * Settings as loaded, with the GitHub OAuth token (ghu_/gho_; from the flag, env or the stored
 * file). The token is a secret: the composition root takes it out, and the gateway's context
 * carries plain Settings, so it never rides into a route.
 */
export interface LoadedSettings extends Settings {
  githubToken?: string;
}
