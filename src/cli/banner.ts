// What `start` prints once the gateway listens: where it is, who is signed in, and settings the
// user can paste into each client. Pure text, so it is easy to test and keep accurate.
import type { CopilotModel } from '../upstream/types.js';

export interface BannerInput {
  url: string;
  login: string;
  models: Pick<CopilotModel, 'id' | 'supportedEndpoints' | 'type'>[];
  /** The key clients should send; any value works when the gateway does not check keys. */
  apiKey?: string;
}

/** A model Codex can use (it speaks only the Responses API), preferring a codex model. */
function codexModel(models: BannerInput['models']): string | undefined {
  const responses = models.filter((m) => m.supportedEndpoints.includes('/responses'));
  return (responses.find((m) => m.id.includes('codex')) ?? responses[0])?.id;
}

export function renderBanner(input: BannerInput): string {
  const url = input.url.replace(/\/+$/, '');
  const key = input.apiKey ?? 'copilot-gateway';
  const chatModels = input.models.filter((m) => m.type === 'chat').length;
  const codex = codexModel(input.models);
  const lines = [
    '',
    `copilot-gateway is listening on ${url}`,
    `Signed in to GitHub as ${input.login}; ${input.models.length} model${input.models.length === 1 ? '' : 's'} available (${chatModels} chat).`,
    `List them: curl ${url}/v1/models`,
    '',
    'Claude Code:',
    `  ANTHROPIC_BASE_URL=${url}  ANTHROPIC_AUTH_TOKEN=${key}  claude`,
    '',
    'Codex CLI (~/.codex/config.toml):',
    ...(codex ? [`  model = "${codex}"`] : []),
    '  model_provider = "copilot-gateway"',
    '  [model_providers.copilot-gateway]',
    '  name = "copilot-gateway"',
    `  base_url = "${url}/v1"`,
    '  env_key = "COPILOT_GATEWAY_KEY"',
    '  wire_api = "responses"',
    `  # then: COPILOT_GATEWAY_KEY=${key} codex`,
    '',
    'Gemini CLI (~/.gemini/settings.json needs {"security":{"auth":{"selectedType":"gemini-api-key"}}}):',
    `  GOOGLE_GEMINI_BASE_URL=${url}  GEMINI_API_KEY=${key}  GEMINI_CLI_TRUST_WORKSPACE=true  gemini -m <model>`,
    '',
    'OpenAI SDK:',
    `  new OpenAI({ baseURL: '${url}/v1', apiKey: '${key}' })`,
    '',
    'Press Ctrl+C to stop.',
  ];
  return lines.join('\n');
}
