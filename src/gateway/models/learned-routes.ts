// Routes learned from Copilot's refusals. Some accounts (enterprise seats) list models without
// `supported_endpoints`; the planner then assumes /chat/completions, and a Responses-only or
// Messages-only model answers 400 `unsupported_api_for_model` ("model X is not accessible via the
// /chat/completions endpoint") or 421. The pipeline then tries the next endpoint once, before the
// first byte, and remembers the one that worked here, per account and model, so later requests
// plan it at once. Bounded (least recently used first out); lives on the gateway context.
import type { CopilotEndpoint } from '../../upstream/types.js';

export const LEARNED_ROUTES_MAX = 1024;

export class LearnedRoutes {
  /** `${accountId}\0${modelId}` → endpoint, oldest first. */
  private readonly routes = new Map<string, CopilotEndpoint>();
  /** modelId → the endpoint learned last for it on any account (what planning reads). */
  private readonly latest = new Map<string, CopilotEndpoint>();
  /** The key learned last (the newest entry of `routes`, its model the newest of `latest`). */
  private newest: string | undefined;

  constructor(private readonly max = LEARNED_ROUTES_MAX) {}

  /** The endpoint learned for the model: on this account when given, else the latest anywhere. */
  get(modelId: string, accountId?: string): CopilotEndpoint | undefined {
    if (accountId !== undefined) return this.routes.get(`${accountId}\0${modelId}`);
    return this.latest.get(modelId);
  }

  learn(modelId: string, accountId: string | undefined, endpoint: CopilotEndpoint): void {
    const key = `${accountId ?? ''}\0${modelId}`;
    // Every success of such a model lands here: the same route learned last is already the
    // most recent entry of both maps.
    if (key === this.newest && this.routes.get(key) === endpoint) return;
    this.newest = key;
    this.routes.delete(key);
    this.routes.set(key, endpoint);
    this.latest.delete(modelId);
    this.latest.set(modelId, endpoint);
    while (this.routes.size > this.max) this.routes.delete(this.routes.keys().next().value as string);
    while (this.latest.size > this.max) this.latest.delete(this.latest.keys().next().value as string);
  }

  get size(): number {
    return this.routes.size;
  }
}
