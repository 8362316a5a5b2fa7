// The key a client presented, from whichever header its protocol uses: `Authorization: Bearer`
// (OpenAI, Codex, ANTHROPIC_AUTH_TOKEN), `x-api-key` (Anthropic), `x-goog-api-key` or `?key=`
// (Gemini). Clients sometimes send a placeholder in one header and the real key in another, so a
// value shaped like a gateway key wins; otherwise the first value found is reported as wrong.
import type { IncomingMessage } from 'node:http';
import { KEY_PREFIX } from '../../store/keys/key-material.js';

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() || undefined;
}

export function presentedKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const auth = one(req.headers.authorization);
  const bearer = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : undefined;
  const candidates = [
    bearer,
    one(req.headers['x-api-key']),
    one(req.headers['x-goog-api-key']),
    query.get('key')?.trim() || undefined,
  ];
  let first: string | undefined;
  for (const c of candidates) {
    if (!c) continue;
    if (c.startsWith(KEY_PREFIX)) return c;
    first ??= c;
  }
  return first;
}
