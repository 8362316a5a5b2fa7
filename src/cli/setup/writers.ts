// The settings file(s) each client reads, rendered from the gateway URL, a key and the chosen
// models, merged into what the user already has (only the keys the gateway needs change).
import { join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { ConfigError } from '../../config/errors.js';
import type { SetupClient, SetupModel } from './catalogue.js';

export interface SetupInput {
  url: string;
  key: string;
  main: SetupModel;
  small: SetupModel;
  home: string;
  /** CODEX_HOME when set. */
  codexHome?: string;
}

export interface FileEdit {
  path: string;
  /** The merged new content. */
  content: (existing: string | undefined) => string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

function parseJsonFile(path: string, text: string | undefined): Json {
  if (text === undefined || text.trim() === '') return {};
  try {
    return obj(JSON.parse(text));
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON (${(err as Error).message}); fix or move it first.`);
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Claude Code: the `env` block of ~/.claude/settings.json. */
export function claudeCodeEnv(s: SetupInput): Record<string, string> {
  const env: Record<string, string> = {
    ANTHROPIC_BASE_URL: s.url,
    ANTHROPIC_AUTH_TOKEN: s.key,
    ANTHROPIC_MODEL: s.main.id,
    ANTHROPIC_DEFAULT_OPUS_MODEL: s.main.id,
    ANTHROPIC_DEFAULT_SONNET_MODEL: s.main.id,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: s.small.id,
    ANTHROPIC_SMALL_FAST_MODEL: s.small.id,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  // Claude Code asks for 32K–64K output by its own idea of the model; Copilot's may be lower.
  if (s.main.maxOutput) env.CLAUDE_CODE_MAX_OUTPUT_TOKENS = String(Math.min(s.main.maxOutput, 32000));
  return env;
}

function claudeCode(s: SetupInput): FileEdit[] {
  const path = join(s.home, '.claude', 'settings.json');
  return [
    {
      path,
      content: (text) => {
        const cur = parseJsonFile(path, text);
        return json({ ...cur, env: { ...obj(cur.env), ...claudeCodeEnv(s) } });
      },
    },
  ];
}

export const CODEX_PROVIDER = 'copilot-gateway';

function codex(s: SetupInput): FileEdit[] {
  const path = join(s.codexHome ?? join(s.home, '.codex'), 'config.toml');
  return [
    {
      path,
      content: (text) => {
        let cur: Json = {};
        try {
          cur = text ? (parseToml(text) as Json) : {};
        } catch (err) {
          throw new ConfigError(
            `${path} is not valid TOML (${(err as Error).message}); fix or move it first.`,
          );
        }
        const next: Json = {
          ...cur,
          model: s.main.id,
          model_provider: CODEX_PROVIDER,
          check_for_update_on_startup: false,
          analytics: { ...obj(cur.analytics), enabled: false },
          feedback: { ...obj(cur.feedback), enabled: false },
        };
        // Codex compacts on its own when it knows the window: Copilot's prompt limit, not the model's.
        const window = s.main.maxPrompt ?? s.main.contextWindow;
        if (window) {
          next.model_context_window = window;
          next.model_auto_compact_token_limit = Math.floor(window * 0.9);
        }
        const providers = obj(cur.model_providers);
        // The gateway serves Responses over a WebSocket too (/v1/responses): Codex keeps one
        // connection per session and sends only each turn's new items (previous_response_id).
        next.model_providers = {
          ...providers,
          [CODEX_PROVIDER]: {
            name: 'Copilot Gateway',
            base_url: `${s.url}/v1`,
            experimental_bearer_token: s.key,
            wire_api: 'responses',
            supports_websockets: true,
          },
        };
        return stringifyToml(next).replace(/\n*$/, '\n');
      },
    },
  ];
}

function geminiCli(s: SetupInput): FileEdit[] {
  const settings = join(s.home, '.gemini', 'settings.json');
  const envFile = join(s.home, '.gemini', '.env');
  return [
    {
      path: settings,
      content: (text) => {
        const cur = parseJsonFile(settings, text);
        const security = obj(cur.security);
        return json({
          ...cur,
          security: { ...security, auth: { ...obj(security.auth), selectedType: 'gemini-api-key' } },
          model: { ...obj(cur.model), name: s.main.id },
        });
      },
    },
    {
      // Gemini CLI reads ~/.gemini/.env; the base URL has no settings.json key.
      path: envFile,
      content: (text) => {
        const keep = (text ?? '')
          .split('\n')
          .filter(
            (l) => l.trim() !== '' && !/^\s*(export\s+)?(GEMINI_API_KEY|GOOGLE_GEMINI_BASE_URL)\s*=/.test(l),
          );
        return [...keep, `GEMINI_API_KEY=${s.key}`, `GOOGLE_GEMINI_BASE_URL=${s.url}`, ''].join('\n');
      },
    },
  ];
}

function opencode(s: SetupInput): FileEdit[] {
  const path = join(s.home, '.config', 'opencode', 'opencode.json');
  const model = (m: SetupModel) => ({
    name: m.id,
    ...(m.maxPrompt || m.contextWindow
      ? { limit: { context: m.maxPrompt ?? m.contextWindow, output: m.maxOutput ?? 4096 } }
      : {}),
  });
  return [
    {
      path,
      content: (text) => {
        const cur = parseJsonFile(path, text);
        const providers = obj(cur.provider);
        return json({
          $schema: 'https://opencode.ai/config.json',
          ...cur,
          provider: {
            ...providers,
            [CODEX_PROVIDER]: {
              npm: '@ai-sdk/openai-compatible',
              name: 'Copilot Gateway',
              options: { baseURL: `${s.url}/v1`, apiKey: s.key },
              models: { [s.main.id]: model(s.main), [s.small.id]: model(s.small) },
            },
          },
          model: `${CODEX_PROVIDER}/${s.main.id}`,
          small_model: `${CODEX_PROVIDER}/${s.small.id}`,
        });
      },
    },
  ];
}

export const WRITERS: Record<SetupClient, (s: SetupInput) => FileEdit[]> = {
  'claude-code': claudeCode,
  codex,
  'gemini-cli': geminiCli,
  opencode,
};
