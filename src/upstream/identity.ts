// The client identity headers Copilot expects (copilot-upstream.md §4). Defaults live in
// config/settings.ts and can be overridden in config.json without a release.
import type { IdentityHeaders } from '../github/identity.js';

/** Headers sent on every Copilot request, computed once per gateway. */
export function identityHeaderBlock(identity: IdentityHeaders): Record<string, string> {
  return {
    'editor-version': identity.editorVersion,
    'editor-plugin-version': identity.editorPluginVersion,
    'user-agent': identity.userAgent,
    'copilot-integration-id': identity.integrationId,
    'openai-intent': identity.openaiIntent,
    'x-github-api-version': identity.apiVersion,
  };
}
