// /admin/api/settings: the effective settings (secrets only as "set or not"), what config.json
// says, which settings apply live, and the JSON Schema of config.json; PUT is a JSON merge patch
// over config.json, validated by the config.json schema, written keeping comments, and applied
// to the running gateway where the setting allows it.
import { z } from 'zod';
import { type ConfigFile, configFileSchema } from '../../config/schema.js';
import type { GatewayContext } from '../../gateway/context.js';
import { adminRoute } from '../api/define.js';
import { mergePatchEdits, readConfig, updateConfig } from './config-edit.js';
import { APPLY, applyLive, changedKeys, SECRET_KEYS, SETTING_KEYS, type SettingKey } from './live.js';

const settingsView = z.object({
  configFile: z.string().describe('where config.json is'),
  effective: z.record(z.string(), z.unknown()).describe("the running gateway's values, secrets left out"),
  file: z.record(z.string(), z.unknown()).describe('what config.json says, secrets left out'),
  secrets: z.record(z.string(), z.boolean()).describe('whether each secret is set (never its value)'),
  apply: z.record(z.string(), z.enum(['live', 'restart'])),
  schema: z.record(z.string(), z.unknown()).describe('JSON Schema of config.json'),
});

function withoutSecrets(o: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...o };
  for (const k of SECRET_KEYS) delete copy[k];
  return copy;
}

/** The config.json JSON Schema (computed once per gateway, on first ask). */
function configSchema(ctx: GatewayContext): Record<string, unknown> {
  ctx.admin.configSchema ??= z.toJSONSchema(configFileSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return ctx.admin.configSchema;
}

export function settingsOf(ctx: GatewayContext, file?: { file: string; config: ConfigFile }) {
  const current = file ?? readConfig(ctx.settings.dataDir);
  const running = ctx.settings as unknown as Record<string, unknown>;
  const effective = Object.fromEntries(SETTING_KEYS.map((k) => [k, running[k]]));
  return {
    configFile: current.file,
    effective: withoutSecrets(effective),
    file: withoutSecrets(current.config as Record<string, unknown>),
    secrets: Object.fromEntries(
      SECRET_KEYS.map((k) => [k, running[k] !== undefined || current.config[k] !== undefined]),
    ),
    apply: APPLY,
    schema: configSchema(ctx),
  };
}

/** Writes config.json and applies what can be applied at once: the models routes use it too. */
export function changeSettings(
  ctx: GatewayContext,
  edits: Parameters<typeof updateConfig>[1],
): { applied: SettingKey[]; restartRequired: SettingKey[]; file: string; after: ConfigFile } {
  const { file, before, after } = updateConfig(ctx.settings.dataDir, edits);
  const changed = changedKeys(before, after);
  const applied = applyLive(ctx.settings, after, changed);
  // The pool's members hold header blocks built from settings.identity.
  if (applied.includes('identity')) ctx.pool.refreshIdentity();
  const restartRequired = changed.filter((k) => APPLY[k] === 'restart');
  if (changed.length > 0)
    ctx.log.info(
      `settings changed through the admin API: ${changed.join(', ')}${restartRequired.length ? ` (restart needed for ${restartRequired.join(', ')})` : ''}`,
    );
  return { applied, restartRequired, file, after };
}

export const settingsRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/settings',
    access: 'admin-read',
    summary: 'The effective settings, config.json, which settings apply live, and the config.json schema',
    response: settingsView,
    handle: async (rc) => ({ body: settingsOf(rc.ctx) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/admin/api/settings',
    access: 'admin-write',
    summary:
      'Change config.json with a JSON merge patch (null removes a setting); live settings apply at once',
    description:
      'Validated by the config.json schema (a 400 lists every problem with its path). Comments in config.json are kept. `applied` lists the changed settings now in effect, `restartRequired` those that wait for a restart.',
    body: z.record(z.string(), z.unknown()).describe('a JSON merge patch over config.json'),
    response: settingsView.extend({ applied: z.array(z.string()), restartRequired: z.array(z.string()) }),
    handle: async (rc, { body }) => {
      const { applied, restartRequired, file, after } = changeSettings(rc.ctx, (current) =>
        mergePatchEdits(current, body),
      );
      return { body: { ...settingsOf(rc.ctx, { file, config: after }), applied, restartRequired } };
    },
  }),
];
