import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProtocolId } from '../../protocols/ir/types.js';
import type { CopilotModel } from '../../upstream/types.js';
import { planEgress } from './plan.js';

function model(id: string, endpoints: string[], type = 'chat'): CopilotModel {
  return {
    id,
    name: id,
    vendor: 'test',
    supportedEndpoints: endpoints,
    legacyEndpoints: false,
    type,
    limits: {},
    supports: {},
    raw: {},
  };
}

const ALL = ['/chat/completions', '/responses', '/v1/messages'];

describe('planEgress', () => {
  it('passes through when the model offers the ingress protocol natively', () => {
    const cases: Array<[ProtocolId, string]> = [
      ['openai-chat', '/chat/completions'],
      ['anthropic', '/v1/messages'],
      ['openai-responses', '/responses'],
    ];
    for (const [ingress, endpoint] of cases) {
      expect(planEgress(ingress, model('m', ALL))).toEqual({
        endpoint,
        egress: expect.any(String),
        passthrough: true,
      });
    }
  });

  it('translates to the closest endpoint the model offers, in the ingress order', () => {
    expect(planEgress('openai-chat', model('m', ['/responses', '/v1/messages']))).toEqual({
      endpoint: '/v1/messages',
      egress: 'anthropic',
      passthrough: false,
    });
    expect(planEgress('anthropic', model('m', ['/chat/completions', '/responses'])).endpoint).toBe(
      '/responses',
    );
    expect(planEgress('openai-responses', model('m', ['/chat/completions'])).endpoint).toBe(
      '/chat/completions',
    );
  });

  it('always translates Gemini, to chat first', () => {
    expect(planEgress('gemini', model('m', ALL))).toEqual({
      endpoint: '/chat/completions',
      egress: 'openai-chat',
      passthrough: false,
    });
    expect(planEgress('gemini', model('m', ['/responses'])).endpoint).toBe('/responses');
  });

  it('translates a native request that carries another upstream’s reasoning, to the same endpoint', () => {
    expect(planEgress('anthropic', model('m', ALL), { foreignReasoning: true })).toEqual({
      endpoint: '/v1/messages',
      egress: 'anthropic',
      passthrough: false,
    });
    expect(planEgress('anthropic', model('m', ALL), { foreignReasoning: false }).passthrough).toBe(true);
  });

  it('refuses embeddings models and models with no reachable endpoint, naming what to do', () => {
    const emb = () => planEgress('openai-chat', model('e', [], 'embeddings'));
    expect(emb).toThrow(GatewayError);
    expect(emb).toThrow(/POST \/v1\/embeddings/);
    const none = () => planEgress('anthropic', model('x', ['ws:/responses']));
    expect(none).toThrow(/can reach \/chat\/completions, \/responses and \/v1\/messages/);
    try {
      none();
    } catch (err) {
      expect((err as GatewayError).status).toBe(400);
    }
  });
});
