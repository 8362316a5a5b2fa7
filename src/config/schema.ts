// The schema of config.json: every Settings field that makes sense in a file. Unknown keys are
// rejected so that a typo ("heartbeatMS") is an error, not a setting silently ignored.
// Not here: the GitHub token (it lives in its own 0600 file) and the data dir (it locates this file).
import { z } from 'zod';
import { ConfigError } from './errors.js';

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v), { message: 'expected an http(s) URL' });
const port = z.number().int().min(0).max(65535);
const positiveMs = z.number().int().positive();
const contextMode = z.enum(['off', 'trim', 'summarize']);
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  port: port.optional(),
  host: z.string().min(1).optional(),
  accountType: z.enum(['individual', 'business', 'enterprise']).optional(),
  githubUrl: httpUrl.optional(),
  githubApiUrl: httpUrl.optional(),
  copilotApiUrl: httpUrl.optional(),
  verbose: z.boolean().optional(),
  showToken: z.boolean().optional(),
  proxyEnv: z.boolean().optional(),
  logFile: z.string().min(1).optional(),
  identity: z
    .strictObject({
      editorVersion: z.string().min(1).optional(),
      editorPluginVersion: z.string().min(1).optional(),
      userAgent: z.string().min(1).optional(),
      integrationId: z.string().min(1).optional(),
      apiVersion: z.string().min(1).optional(),
      openaiIntent: z.string().min(1).optional(),
    })
    .optional(),
  timeouts: z
    .strictObject({
      connectMs: positiveMs.optional(),
      firstByteMs: positiveMs.optional(),
      idleMs: positiveMs.optional(),
    })
    .optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(10).optional(),
      maxRetryAfterSec: z.number().min(0).optional(),
      baseDelayMs: z.number().int().min(0).optional(),
    })
    .optional(),
  modelMapping: z.record(z.string().min(1), z.string().min(1)).optional(),
  smallModel: z.string().min(1).optional(),
  anthropicApiKey: z.string().min(1).optional(),
  anthropicApiUrl: httpUrl.optional(),
  heartbeatMs: positiveMs.optional(),
  modelsTtlSec: z.number().int().positive().optional(),
  maxConcurrent: z.number().int().positive().optional(),
  maxBodyBytes: z.number().int().positive().optional(),
  /** Context windows: what to do with prompts over a model's limit (see docs/context.md). */
  contextManagement: z
    .strictObject({
      mode: contextMode.optional(),
      /** Per Copilot model id ("*" = every model), overriding mode. */
      models: z.record(z.string().min(1), contextMode).optional(),
      summaryModel: z.string().min(1).optional(),
      marginPercent: z.number().min(0).max(50).optional(),
    })
    .optional(),
  /** Text appended to the system prompt, per Copilot model id ("*" = every model). */
  extraPrompts: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Reasoning effort used when the client sends none, per Copilot model id ("*" = every model). */
  reasoningEffort: z.record(z.string().min(1), effort).optional(),
  responseStore: z
    .strictObject({
      ttlSec: z.number().int().positive().optional(),
      maxEntries: z.number().int().min(0).optional(),
    })
    .optional(),
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
