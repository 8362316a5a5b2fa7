import { describe, expect, it } from 'vitest';
import { Api, ApiError, withQuery } from './client.js';

type Call = { path: string; init: RequestInit };

function api(status: number, body: unknown, onSignedOut?: () => void) {
  const calls: Call[] = [];
  const a = new Api({
    fetch: async (input, init) => {
      calls.push({ path: String(input), init: init ?? {} });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
      });
    },
    onSignedOut,
  });
  return { a, calls };
}

describe('the admin API client', () => {
  it('sends the CSRF token on changes only, and JSON bodies', async () => {
    const { a, calls } = api(200, { ok: true });
    a.csrfToken = 'tok';
    await a.get('/admin/api/keys');
    await a.post('/admin/api/keys', { name: 'x' });
    const [get, post] = calls;
    expect((get.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((post.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect((post.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(post.init.body).toBe('{"name":"x"}');
    expect(post.init.credentials).toBe('same-origin');
  });

  it("turns the gateway's error into an ApiError with its message, code and field", async () => {
    const { a } = api(400, {
      error: { message: 'name: too long', type: 'invalid_request_error', param: 'name', code: 'x' },
    });
    const err = (await a.post('/admin/api/keys', {}).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, message: 'name: too long', param: 'name', code: 'x' });
  });

  it('keeps a non-JSON error readable, and reports a dropped session', async () => {
    let signedOut = 0;
    const { a } = api(401, 'upstream proxy says no', () => signedOut++);
    const err = (await a.get('/admin/api/status').catch((e) => e)) as ApiError;
    expect(err.message).toBe('upstream proxy says no');
    expect(signedOut).toBe(1);
  });

  it('says the gateway is unreachable when fetch fails', async () => {
    const a = new Api({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(a.get('/x')).rejects.toThrow(/did not answer.*Failed to fetch/);
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/p', { a: 1, b: '', c: undefined, d: 'x y' })).toBe('/p?a=1&d=x+y');
    expect(withQuery('/p', {})).toBe('/p');
  });
});
