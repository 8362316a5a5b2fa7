// Copilot's own failures (copilot-upstream-2026.md §2), by name, for fault injection: the status,
// headers and body the real upstream answers with. Texts follow the reference where it quotes
// them; where it names only the status or code, the body is Copilot's usual OpenAI-style envelope.

export const COPILOT_FAILURES = {
  /** 466: the client (identity headers) version is no longer supported (the 2026-02-11 outage). */
  'client-version': {
    status: 466,
    body: {
      error: {
        message: 'This version of the client is no longer supported. Please update to the latest version.',
        code: 'client_version_unsupported',
      },
    },
  },
  /** 402: quota exhausted; retry-after as an HTTP date (seconds also occur). */
  quota: {
    status: 402,
    headers: { 'retry-after': 'Wed, 01 Jul 2099 00:00:00 GMT' },
    body: {
      error: { message: 'You have exceeded your monthly AI Credits allowance.', code: 'quota_exceeded' },
    },
  },
  /** 421: the request went to a Copilot host that does not serve this seat. */
  'wrong-host': { status: 421, body: 'Misdirected Request' },
  'no-endpoints': {
    status: 400,
    body: {
      error: {
        message: 'no endpoints available for this model under your current plan and policies',
        code: 'no_available_model_endpoints',
      },
    },
  },
  'off-topic': {
    status: 400,
    body: {
      error: {
        message: 'Sorry, but I can only assist with programming related questions.',
        code: 'off_topic',
      },
    },
  },
  'content-filter': {
    status: 422,
    body: {
      error: {
        message: 'The response was filtered due to the prompt triggering content management policy.',
        code: 'content_filter',
      },
    },
  },
  cancelled: {
    status: 499,
    body: { error: { message: 'Request cancelled by the server', code: 'cancelled' } },
  },
  'failed-dependency': {
    status: 424,
    body: { error: { message: 'Failed dependency', code: 'failed_dependency' } },
  },
  'provider-rate-limit': {
    status: 503,
    headers: { 'retry-after': '30' },
    body: {
      error: {
        message: 'The upstream model provider is rate limiting requests. Please try again later.',
        code: 'upstream_provider_rate_limit',
      },
    },
  },
  'extension-blocked': {
    status: 429,
    body: {
      error: {
        message: 'Your integration has been temporarily blocked.',
        code: 'extension_blocked',
      },
    },
  },
  'session-limit': {
    status: 429,
    body: {
      error: {
        message: 'Sorry, you have exceeded your 5 hour session limits. Please retry after 2733 seconds.',
        code: 'user_global_rate_limited:pro',
      },
    },
  },
  'weekly-limit': {
    status: 429,
    headers: { 'retry-after': '86400' },
    body: {
      error: { message: 'You have exceeded your weekly rate limit.', code: 'user_weekly_rate_limited' },
    },
  },
} satisfies Record<string, { status: number; headers?: Record<string, string>; body: string | object }>;

export type CopilotFailure = keyof typeof COPILOT_FAILURES;

export function isCopilotFailure(name: unknown): name is CopilotFailure {
  return typeof name === 'string' && Object.hasOwn(COPILOT_FAILURES, name);
}
