// The models a client set-up may name: asked from the running gateway's GET /v1/models (the
// account's live catalogue), never hard-coded. Picks sensible defaults per client when the user
// names none.
import { ConfigError } from '../../config/errors.js';

export interface SetupModel {
  id: string;
  vendor: string;
  endpoints: string[];
  contextWindow?: number;
  maxPrompt?: number;
  maxOutput?: number;
}

type Json = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function parseModelList(body: unknown): SetupModel[] {
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) return [];
  return (data as Json[]).flatMap((m) => {
    if (typeof m?.id !== 'string') return [];
    const caps = (m.capabilities ?? {}) as Json;
    if (caps.type !== undefined && caps.type !== 'chat') return [];
    const limits = (caps.limits ?? {}) as Json;
    return [
      {
        id: m.id,
        vendor: String(m.vendor ?? m.owned_by ?? ''),
        endpoints: Array.isArray(m.supported_endpoints)
          ? (m.supported_endpoints as string[])
          : ['/chat/completions'],
        contextWindow: num(limits.max_context_window_tokens),
        maxPrompt: num(limits.max_prompt_tokens),
        maxOutput: num(limits.max_output_tokens),
      },
    ];
  });
}

export async function fetchModels(url: string, key: string): Promise<SetupModel[]> {
  let res: Response;
  try {
    res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  } catch (err) {
    throw new ConfigError(
      `Could not reach the gateway at ${url} (${(err as Error).message}). Start it first (copilot-gateway start), or pass --url.`,
    );
  }
  if (!res.ok)
    throw new ConfigError(
      `The gateway at ${url} answered GET /v1/models with HTTP ${res.status}; check --key.`,
    );
  const models = parseModelList(await res.json());
  if (models.length === 0)
    throw new ConfigError(`The gateway at ${url} lists no chat models for this account.`);
  return models;
}

export type SetupClient = 'claude-code' | 'codex' | 'gemini-cli' | 'opencode';

/** The endpoint each client prefers its main model to have (any model works through translation). */
const PREFERRED: Record<SetupClient, string> = {
  'claude-code': '/v1/messages',
  codex: '/responses',
  'gemini-cli': '/chat/completions',
  opencode: '/chat/completions',
};

export function findModel(models: SetupModel[], id: string, flag: string): SetupModel {
  const m = models.find((x) => x.id === id);
  if (!m)
    throw new ConfigError(
      `${flag} "${id}" is not a model of this account. Available: ${models.map((x) => x.id).join(', ')}`,
    );
  return m;
}

/** The main and small model: the user's choice, else the first model with the preferred endpoint. */
export function pickModels(
  client: SetupClient,
  models: SetupModel[],
  flags: { model?: string; smallModel?: string },
): { main: SetupModel; small: SetupModel } {
  const main = flags.model
    ? findModel(models, flags.model, '--model')
    : (models.find((m) => m.endpoints.includes(PREFERRED[client])) ?? models[0]);
  const small = flags.smallModel
    ? findModel(models, flags.smallModel, '--small-model')
    : (models.find((m) => /mini|haiku|flash/i.test(m.id) && m.id !== main.id) ?? main);
  return { main, small };
}
