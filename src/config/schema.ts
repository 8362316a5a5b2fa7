// The schema of config.json: every Settings field that makes sense in a file. Unknown keys are
// rejected so that a typo ("heartbeatMS") is an error, not a setting silently ignored.
// Not here: the GitHub token (it lives in its own 0600 file) and the data dir (it locates this file).
import { z } from 'zod';
import { modelPriceSchema } from '../usage/price-schema.js';
import { LOG_FORMATS } from '../util/log.js';
import { ConfigError } from './errors.js';

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v), { message: 'expected an http(s) URL' });
const port = z.number().int().min(0).max(65535);
const positiveMs = z.number().int().positive();
const contextMode = z.enum(['off', 'trim', 'summarize']);
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

export const configFileSchema = z.strictObject({
  $schema: z.string().optional().describe('ignored; lets an editor find a JSON schema'),
  port: port.optional().describe('port to listen on (also --port, env PORT); 0 picks a free one'),
  host: z.string().min(1).optional().describe('address to listen on (also --host, env HOST)'),
  accountType: z
    .enum(['individual', 'business', 'enterprise'])
    .optional()
    .describe('Copilot plan: picks the Copilot host when the token names none'),
  githubUrl: httpUrl.optional().describe('https://github.com, a ghe.com tenant or a GHES host'),
  githubApiUrl: httpUrl
    .optional()
    .describe(
      'GitHub API URL; derived from githubUrl: `api.github.com`, `api.<tenant>.ghe.com`, `<host>/api/v3`',
    ),
  copilotApiUrl: httpUrl
    .optional()
    .describe("force the Copilot API URL (default: the Copilot token's endpoints.api)"),
  verbose: z.boolean().optional().describe('debug logging (tokens stay redacted) and stack traces'),
  showToken: z.boolean().optional().describe('print tokens, stop redacting them in logs, enable GET /token'),
  proxyEnv: z.boolean().optional().describe('honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY'),
  logFile: z.string().min(1).optional().describe('also append log lines to this file (mode 0600)'),
  logFormat: z
    .enum(LOG_FORMATS)
    .optional()
    .describe('`text` for people, `json` for collectors: one JSON object per line'),
  identity: z
    .strictObject({
      editorVersion: z.string().min(1).optional().describe('Editor-Version header'),
      editorPluginVersion: z.string().min(1).optional().describe('Editor-Plugin-Version header'),
      userAgent: z.string().min(1).optional().describe('User-Agent header'),
      integrationId: z.string().min(1).optional().describe('Copilot-Integration-Id header'),
      apiVersion: z.string().min(1).optional().describe('X-GitHub-Api-Version header'),
      openaiIntent: z.string().min(1).optional().describe('OpenAI-Intent header'),
    })
    .optional()
    .describe('the client identity headers Copilot checks; override them without waiting for a release'),
  timeouts: z
    .strictObject({
      connectMs: positiveMs.optional().describe('TCP/TLS connect to Copilot'),
      firstByteMs: positiveMs.optional().describe('from request sent to the first byte of the answer'),
      idleMs: positiveMs.optional().describe('longest silence between two chunks of an answer'),
    })
    .optional()
    .describe('timeouts of calls to Copilot'),
  retry: z
    .strictObject({
      maxAttempts: z
        .number()
        .int()
        .min(1)
        .max(10)
        .optional()
        .describe('attempts per request, the first included'),
      maxRetryAfterSec: z
        .number()
        .min(0)
        .optional()
        .describe('a longer 429/503 retry-after goes to the client instead of being waited for'),
      baseDelayMs: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('first backoff step for connection errors and 5xx'),
    })
    .optional()
    .describe('the one retry loop, before the first byte reaches the client'),
  modelMapping: z
    .record(z.string().min(1), z.string().min(1))
    .optional()
    .describe('client model name → Copilot model id; wins over every other rule'),
  smallModel: z.string().min(1).optional().describe("where Claude Code's warm-up probes may go"),
  anthropicApiKey: z
    .string()
    .min(1)
    .optional()
    .describe("Anthropic API key: exact /v1/messages/count_tokens from Anthropic's own counter"),
  anthropicApiUrl: httpUrl.optional().describe('where count_tokens goes with anthropicApiKey'),
  heartbeatMs: positiveMs
    .optional()
    .describe('protocol heartbeat interval while Copilot is silent in a stream'),
  modelsTtlSec: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('how long the model catalogue is trusted before a background refresh'),
  maxConcurrent: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('requests talking to Copilot at once; more get a retryable 503 (others take no slot)'),
  heapGrowthPercent: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      "how far the JS heap may grow past its live data before a full GC, in % (0: V8's own choice, up to 300 %); lower keeps less memory for a little more CPU",
    ),
  shutdownGraceMs: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('on shutdown, how long open requests may finish before their streams end with an error'),
  clients: z
    .strictObject({
      headersTimeoutMs: positiveMs.optional().describe("longest wait for a request's headers"),
      bodyIdleMs: positiveMs.optional().describe('longest silence while a request body arrives (then a 408)'),
      requestTimeoutMs: positiveMs
        .optional()
        .describe('longest time to receive a whole request (not the answer)'),
      maxConnections: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('open client connections at most (0: no limit)'),
      maxConnectionsPerAddress: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('open connections per client address (0: no limit); more are refused with a 429'),
    })
    .optional()
    .describe('limits on slow or numerous clients'),
  maxBodyBytes: z.number().int().positive().optional().describe('largest request body accepted'),
  allowedHosts: z
    .array(z.string().min(1))
    .optional()
    .describe('host names (besides loopback names and IP literals) the gateway answers to'),
  allowedOrigins: z
    .array(
      z
        .string()
        .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as https://chat.example.com (no path)'),
    )
    .optional()
    .describe('web origins allowed to call the API from a browser (CORS), e.g. https://chat.example.com'),
  rateLimitSec: z
    .number()
    .positive()
    .optional()
    .describe('minimum seconds between requests to Copilot (also --rate-limit)'),
  rateLimitWait: z
    .boolean()
    .optional()
    .describe('with rateLimitSec: queue early requests instead of answering 429 (also --wait)'),
  adminSessionTtlSec: z.number().int().positive().optional().describe('lifetime of an admin session'),
  contextManagement: z
    .strictObject({
      mode: contextMode
        .optional()
        .describe('`off`, `trim` (drop the oldest turns) or `summarize`, for prompts over a model’s limit'),
      models: z
        .record(z.string().min(1), contextMode)
        .optional()
        .describe('per Copilot model id ("*" = every model), overriding mode'),
      summaryModel: z.string().min(1).optional().describe('the model that writes summaries (mode summarize)'),
      marginPercent: z
        .number()
        .min(0)
        .max(50)
        .optional()
        .describe('head room kept under the limit, for the local token count’s error'),
    })
    .optional()
    .describe('context windows: what to do with prompts over a model’s limit (see docs/context.md)'),
  extraPrompts: z
    .record(z.string().min(1), z.string().min(1))
    .optional()
    .describe('text appended to the system prompt, per Copilot model id ("*" = every model)'),
  reasoningEffort: z
    .record(z.string().min(1), effort)
    .optional()
    .describe('reasoning effort used when the client sends none, per Copilot model id ("*" = every model)'),
  responseStore: z
    .strictObject({
      ttlSec: z.number().int().positive().optional().describe('lifetime of a stored response'),
      maxEntries: z.number().int().min(0).optional().describe('stored responses kept (0: none)'),
      maxBytes: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('bytes of stored responses kept; the oldest go first'),
    })
    .optional()
    .describe('stored responses, for previous_response_id'),
  pool: z
    .strictObject({
      strategy: z
        .enum(['fill-first', 'round-robin', 'least-used'])
        .optional()
        .describe('how the account pool picks an account (fill-first keeps the prompt cache warm)'),
      affinityTtlSec: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('how long a conversation stays bound to the account that served it'),
    })
    .optional()
    .describe('the account pool'),
  databaseUrl: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/\S+$/i.test(v), { message: 'expected a postgres:// URL' })
    .optional()
    .describe(
      'keep the state (accounts, keys, usage, affinity, stored answers) in PostgreSQL instead of gateway.db, shared by several instances (also --database-url, env COPILOT_GATEWAY_DATABASE_URL)',
    ),
  metricsToken: z
    .string()
    .min(16, { message: 'use at least 16 characters' })
    .optional()
    .describe('bearer token a Prometheus scraper sends to GET /metrics (else loopback only)'),
  tracing: z
    .strictObject({
      otlpEndpoint: httpUrl.describe(
        'OTLP/HTTP collector: a base URL (`/v1/traces` is appended) or the traces URL',
      ),
      headers: z
        .record(z.string().min(1), z.string())
        .optional()
        .describe('headers sent with each export (a collector API key); never logged'),
      serviceName: z.string().min(1).optional().describe('resource service.name (default copilot-gateway)'),
      maxQueued: z
        .number()
        .int()
        .positive()
        .optional()
        .describe(
          'finished requests waiting for export at most (default 2048); more are dropped and counted',
        ),
      flushMs: positiveMs.optional().describe('how often a batch of spans is posted (default 1000)'),
      timeoutMs: positiveMs.optional().describe('timeout of one export (default 5000)'),
    })
    .optional()
    .describe(
      'OpenTelemetry traces, off unless otlpEndpoint is set: a span per request, the Copilot call as its child',
    ),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'use a redis:// or rediss:// URL' })
    .optional()
    .describe(
      'Redis shared by every gateway instance: rate limits, concurrency, budgets and account cooldowns (--redis-url)',
    ),
  redisKeyPrefix: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('prefix of the Redis keys and channels, to run several clusters on one Redis'),
  usage: z
    .strictObject({
      retentionDays: z.number().int().positive().optional().describe('days a usage-log row is kept'),
      maxRows: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('usage-log rows kept at most (the oldest go first)'),
      rollupRetentionDays: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('days the daily rollups (summaries, budgets) are kept'),
      quotaPollSec: z
        .number()
        .int()
        .min(60)
        .optional()
        .describe('how often copilot_internal/user is fetched per account'),
      prices: z
        .record(z.string().min(1), modelPriceSchema)
        .optional()
        .describe('model id → USD per 1M tokens; wins over the shipped prices.json'),
    })
    .optional()
    .describe('usage log retention, quota polling and price overrides'),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

/** Validates parsed config.json; the error lists every problem with its JSON path. */
export function parseConfigFile(value: unknown, source = 'config.json'): ConfigFile {
  if (value === undefined) return {};
  const result = configFileSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${source}: ${problems.join('; ')}`);
}
