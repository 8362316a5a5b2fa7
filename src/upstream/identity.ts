// The client identity headers Copilot expects (copilot-upstream.md §4). Defaults live in
// config/settings.ts and can be overridden in config.json without a release.
import { randomUUID } from 'node:crypto';
import type { IdentityHeaders } from '../github/identity.js';
import { extend } from '../util/extend.js';

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

/** How often an account's vscode-sessionid changes (VS Code rotates it about hourly). */
export const SESSION_ROTATE_MS = 3600_000;

/**
 * One account's own identity: its device and machine ids (generated once, stored with the
 * account) and a session id rotated about hourly, so a pool never looks like one machine sharing
 * accounts (copilot-upstream-2026.md §4). The header object is rebuilt only on rotation.
 */
export function accountIdentity(
  base: Record<string, string>,
  ids: { deviceId: string; machineId: string },
  now: () => number = Date.now,
): () => Record<string, string> {
  let rotateAt = 0;
  let block: Record<string, string> = base;
  return () => {
    const t = now();
    if (t >= rotateAt) {
      rotateAt = t + SESSION_ROTATE_MS;
      block = extend(base, {
        'editor-device-id': ids.deviceId,
        'vscode-machineid': ids.machineId,
        'vscode-sessionid': `${randomUUID()}${t}`,
      });
    }
    return block;
  };
}
