import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { Router } from './router.js';

const handler = async () => {};
const router = () =>
  new Router()
    .add('POST', '/v1/chat/completions', { protocol: 'openai-chat', handler })
    .addPattern('POST', /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/, ['model', 'method'], {
      protocol: 'gemini',
      handler,
    });

describe('Router', () => {
  it('matches with and without /v1, a doubled /v1 and a trailing slash', () => {
    const r = router();
    for (const p of [
      '/v1/chat/completions',
      '/chat/completions',
      '/v1/v1/chat/completions',
      '/v1/chat/completions/',
    ]) {
      expect(r.match('POST', p), p).toBeDefined();
    }
  });

  it('decodes pattern parameters', () => {
    expect(router().match('POST', '/v1beta/models/gpt%2D4.1:generateContent')?.params).toEqual({
      model: 'gpt-4.1',
      method: 'generateContent',
    });
  });

  it('turns malformed percent-encoding into a 400, not a crash', () => {
    expect(() => router().match('POST', '/v1beta/models/%E0:generateContent')).toThrow(GatewayError);
  });

  it('knows paths served by another method (405 rather than 404)', () => {
    const r = router();
    expect(r.hasPath('/v1/chat/completions/')).toBe(true);
    expect(r.hasPath('/v1beta/models/x:generateContent')).toBe(true);
    expect(r.hasPath('/nope')).toBe(false);
  });

  it('lists what it serves: exact paths (with their /v1-less aliases) and patterns', () => {
    const list = router().list();
    expect(list.map((r) => `${r.method} ${r.path ?? r.pattern?.source}`)).toEqual([
      'POST /v1/chat/completions',
      'POST /chat/completions',
      String.raw`POST ^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$`,
    ]);
  });
});
