// Copilot's model catalogue: fetched once, cached, and refreshed in the background when stale
// (stale-while-revalidate, single-flight). `supported_endpoints` is normalised here: absent
// means a legacy model reachable through /chat/completions only.
import { GatewayError } from '../errors/gateway-error.js';
import { errorFromUpstream } from '../errors/upstream-error.js';
import type { Logger } from '../util/log.js';
import type { CopilotModel, UpstreamClient } from './types.js';

export interface ModelCatalogue {
  /** All models (waits for the first fetch; afterwards answers from cache). */
  list(traceId?: string): Promise<CopilotModel[]>;
  /** Exact lookup by Copilot id. */
  find(id: string, traceId?: string): Promise<CopilotModel | undefined>;
  /** Drops the cache so the next call refetches. */
  invalidate(): void;
}

export function normaliseModel(raw: Record<string, unknown>): CopilotModel {
  const caps = (raw.capabilities ?? {}) as Record<string, unknown>;
  const limits = (caps.limits ?? {}) as Record<string, number | undefined>;
  const endpoints = Array.isArray(raw.supported_endpoints)
    ? (raw.supported_endpoints as string[])
    : undefined;
  return {
    id: String(raw.id),
    name: typeof raw.name === 'string' ? raw.name : String(raw.id),
    vendor: typeof raw.vendor === 'string' ? raw.vendor : 'unknown',
    supportedEndpoints: endpoints ?? ['/chat/completions'],
    legacyEndpoints: endpoints === undefined,
    type: typeof caps.type === 'string' ? caps.type : 'chat',
    family: typeof caps.family === 'string' ? caps.family : undefined,
    tokenizer: typeof caps.tokenizer === 'string' ? caps.tokenizer : undefined,
    limits: {
      maxContextWindowTokens: limits.max_context_window_tokens,
      maxPromptTokens: limits.max_prompt_tokens,
      maxOutputTokens: limits.max_output_tokens,
      maxNonStreamingOutputTokens: limits.max_non_streaming_output_tokens,
      maxInputs: limits.max_inputs,
    },
    supports: (caps.supports ?? {}) as Record<string, unknown>,
    billing: raw.billing as CopilotModel['billing'],
    preview: raw.preview === true,
    requestHeaders: (raw.request_headers ?? undefined) as Record<string, string> | undefined,
    raw,
  };
}

export function createModelCatalogue(deps: {
  upstream: UpstreamClient;
  log: Logger;
  ttlSec: number;
}): ModelCatalogue {
  let models: CopilotModel[] | undefined;
  let byId = new Map<string, CopilotModel>();
  let fetchedAt = 0;
  let inflight: Promise<CopilotModel[]> | undefined;

  async function fetchModels(traceId: string): Promise<CopilotModel[]> {
    const res = await deps.upstream.send({ endpoint: '/models', method: 'GET', traceId });
    const text = await res.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text for the error
    }
    if (res.status !== 200) throw errorFromUpstream(res.status, body, res.headers);
    const data = (body as { data?: unknown })?.data;
    if (!Array.isArray(data)) throw new GatewayError('upstream', 'Copilot /models returned no model list');
    const seen = new Set<string>();
    const list: CopilotModel[] = [];
    for (const entry of data) {
      if (!entry || typeof entry !== 'object' || typeof (entry as { id?: unknown }).id !== 'string') continue;
      const id = (entry as { id: string }).id;
      if (seen.has(id)) continue; // Copilot lists some ids twice
      seen.add(id);
      list.push(normaliseModel(entry as Record<string, unknown>));
    }
    models = list;
    byId = new Map(list.map((m) => [m.id, m]));
    fetchedAt = Date.now();
    deps.log.debug(`model catalogue refreshed: ${list.length} models`);
    return list;
  }

  function refresh(traceId: string): Promise<CopilotModel[]> {
    inflight ??= fetchModels(traceId).finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function list(traceId = 'models-refresh'): Promise<CopilotModel[]> {
    if (!models) return refresh(traceId);
    if (Date.now() - fetchedAt > deps.ttlSec * 1000) {
      refresh(traceId).catch((err) =>
        deps.log.warn(`model catalogue refresh failed: ${(err as Error).message}`),
      );
    }
    return models;
  }

  return {
    list,
    async find(id, traceId) {
      await list(traceId);
      return byId.get(id);
    },
    invalidate() {
      fetchedAt = 0;
    },
  };
}
