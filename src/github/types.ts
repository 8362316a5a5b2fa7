// Contracts of the GitHub side, shared by the CLI, the gateway and tests.

/** The reply of GET /copilot_internal/v2/token, trimmed to what we use (`raw` keeps the rest). */
export interface CopilotToken {
  token: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Seconds after issue at which a refresh is due. */
  refreshIn: number;
  /** `endpoints.api`, when the token names it. */
  apiUrl?: string;
  sku?: string;
  raw: Record<string, unknown>;
}

/** A live Copilot token, refreshed ahead of expiry, single-flight. */
export interface CopilotTokenSource {
  /** A valid token; waits for an in-flight refresh instead of starting another. */
  get(): Promise<CopilotToken>;
  /** Forces a refresh (after a 401 from Copilot); concurrent callers share one exchange. */
  refresh(reason: string): Promise<CopilotToken>;
  /** Stops background timers. */
  stop(): void;
}

export interface GitHubUser {
  login: string;
  id?: number;
  name?: string | null;
}
