// Runs the real Codex CLI (`codex exec`) against a local stack: a fresh CODEX_HOME with the
// config.toml of shared/reference/agent-clients.md (`connectors` left out: deprecated in 0.169),
// and optional extra provider lines (e.g. `supports_websockets = true`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgentRun, BIN, freshDirs, runAgent } from './agent-env.js';

export function codexConfig(baseUrl: string, model: string, providerExtra = ''): string {
  return `model = "${model}"
model_provider = "gateway"
check_for_update_on_startup = false
[analytics]
enabled = false
[feedback]
enabled = false
[features]
plugins = false
remote_plugin = false
apps = false
remote_models = false
[model_providers.gateway]
name = "gateway"
base_url = "${baseUrl}/v1"
env_key = "GATEWAY_API_KEY"
wire_api = "responses"
${providerExtra}`;
}

export function runCodex(
  baseUrl: string,
  apiKey: string,
  prompt: string,
  model: string,
  providerExtra = '',
): Promise<AgentRun> {
  const { home, cwd } = freshDirs('codex');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), codexConfig(baseUrl, model, providerExtra));
  return runAgent(
    BIN('codex'),
    // The sandbox needs kernel features this machine may lack; the bypass lets exec run directly.
    [
      'exec',
      '--skip-git-repo-check',
      '--color',
      'never',
      '--dangerously-bypass-approvals-and-sandbox',
      prompt,
    ],
    { env: { CODEX_HOME: codexHome, GATEWAY_API_KEY: apiKey }, home, cwd, timeoutMs: 150_000 },
  );
}
