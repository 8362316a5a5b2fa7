// Defaults for every Settings field without one in ./settings.ts. Numbers chosen for agents
// that send large prompts and keep long streams open.
import type { Settings } from './settings.js';
import { DEFAULT_CLIENT_LIMITS, DEFAULT_IDENTITY, DEFAULT_RETRY, DEFAULT_TIMEOUTS } from './settings.js';

export const DEFAULT_PORT = 4141;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_GITHUB_URL = 'https://github.com';

export type SettingsDefaults = Omit<
  Settings,
  | 'githubToken'
  | 'githubApiUrl'
  | 'copilotApiUrl'
  | 'dataDir'
  | 'logFile'
  | 'smallModel'
  | 'anthropicApiKey'
  | 'metricsToken'
  | 'tracing'
  | 'redisUrl'
  | 'rateLimitSec'
>;

export function settingsDefaults(): SettingsDefaults {
  return {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    accountType: 'individual',
    githubUrl: DEFAULT_GITHUB_URL,
    verbose: false,
    showToken: false,
    proxyEnv: false,
    logFormat: 'text',
    identity: { ...DEFAULT_IDENTITY },
    timeouts: { ...DEFAULT_TIMEOUTS },
    retry: { ...DEFAULT_RETRY },
    modelMapping: {},
    anthropicApiUrl: 'https://api.anthropic.com',
    // Below Claude Code's and the SDKs' idle timeouts, above what is noisy in logs.
    heartbeatMs: 15_000,
    modelsTtlSec: 600,
    // Counts only requests talking to Copilot: a team's agents keep hundreds of streams open.
    maxConcurrent: 512,
    // 1.5x the live heap: 114-118 MB RSS instead of 172-180 MB with 50-100 streams, +3-7 % CPU.
    heapGrowthPercent: 50,
    clients: { ...DEFAULT_CLIENT_LIMITS },
    shutdownGraceMs: 10_000,
    // Base64 images and long agent transcripts; Anthropic's own limit is 32 MB.
    maxBodyBytes: 32 * 1024 * 1024,
    // maxBytes unset: the state store's default bound (256 MB) applies.
    responseStore: { ttlSec: 3600, maxEntries: 1000 },
    allowedHosts: [],
    allowedOrigins: [],
    noAuth: false,
    rateLimitWait: false,
    manual: false,
    adminSessionTtlSec: 12 * 3600,
    redisKeyPrefix: 'cgw:',
    pool: { strategy: 'fill-first', affinityTtlSec: 6 * 3600 },
    usage: { retentionDays: 90, maxRows: 5_000_000, rollupRetentionDays: 400, quotaPollSec: 300, prices: {} },
    // Trim by default: a long session keeps working instead of failing at Copilot's limit. 5 %
    // covers the local count's measured error (docs/token-counting.md: +2 % to +10 % high).
    contextManagement: { mode: 'trim', models: {}, marginPercent: 5 },
    extraPrompts: {},
    reasoningEffort: {},
  };
}
