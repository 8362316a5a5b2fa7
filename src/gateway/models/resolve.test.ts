import { describe, expect, it } from 'vitest';
import type { Settings } from '../../config/settings.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { CopilotModel } from '../../upstream/types.js';
import { memoryLogger } from '../../util/log.js';
import type { GatewayContext } from '../context.js';
import { WarnOnce } from '../pipeline/warn-once.js';
import { defaultAliasRules } from './alias-rules.js';
import { resolveModel } from './resolve.js';

function model(id: string): CopilotModel {
  return {
    id,
    name: id,
    vendor: 'test',
    supportedEndpoints: ['/chat/completions'],
    legacyEndpoints: false,
    type: 'chat',
    limits: {},
    supports: {},
    raw: {},
  };
}

const IDS = ['gpt-4.1', 'gpt-5-mini', 'claude-sonnet-4.5', 'claude-opus-4.6', 'claude-haiku-4.5'];

function context(modelMapping: Record<string, string> = {}) {
  const log = memoryLogger('debug');
  const settings = { modelMapping } as unknown as Settings;
  const ctx = {
    settings,
    log,
    warnings: new WarnOnce(log),
    models: { list: async () => IDS.map(model), find: async () => undefined, invalidate() {} },
  } as unknown as GatewayContext;
  return { ctx, log, rules: defaultAliasRules(settings) };
}

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

describe('resolveModel', () => {
  it('takes the exact id, with or without a models/ prefix', async () => {
    const { ctx } = context();
    expect(await resolveModel(ctx, 'gpt-4.1', 't')).toMatchObject({ model: { id: 'gpt-4.1' }, via: 'exact' });
    expect((await resolveModel(ctx, 'models/gpt-5-mini', 't')).model.id).toBe('gpt-5-mini');
  });

  it('applies the user’s modelMapping first, and says how to fix a mapping to a missing id', async () => {
    const { ctx } = context({ 'gpt-4.1': 'claude-sonnet-4.5', old: 'gone' });
    expect(await resolveModel(ctx, 'gpt-4.1', 't')).toMatchObject({
      model: { id: 'claude-sonnet-4.5' },
      via: 'mapping',
    });
    const err = await failure(resolveModel(ctx, 'old', 't'));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/Fix config.json/);
  });

  it('places dated Claude ids through the alias rules', async () => {
    const { ctx, rules } = context();
    const r = await resolveModel(ctx, 'claude-sonnet-4-5-20250929', 't', rules);
    expect(r.model.id).toBe('claude-sonnet-4.5');
    expect(r.via).not.toBe('exact');
  });

  it('refuses a missing or unknown model with close matches and the listing route', async () => {
    const { ctx, rules } = context();
    const none = await failure(resolveModel(ctx, undefined, 't', rules));
    expect(none.message).toMatch(/GET \/v1\/models/);
    const unknown = await failure(resolveModel(ctx, 'gpt-4.2', 't', rules));
    expect(unknown.code).toBe('model_not_supported');
    expect(unknown.message).toMatch(/Close matches: .*gpt-4\.1/);
  });
});
