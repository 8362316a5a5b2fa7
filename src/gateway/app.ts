// The route table: every endpoint the gateway serves, the protocol each one speaks, and what a
// caller needs to use it (see middleware/access.ts; default inference).

import { adminAuthState, adminLogin, adminLogout, adminSetup } from '../admin/auth/routes.js';
import { adminCreateKey, adminListKeys, adminRevokeKey } from '../admin/keys/routes.js';
import type { RouteAccess } from './middleware/access.js';
import type { RouteHandler } from './request-context.js';
import { Router } from './router.js';
import { chatCompletions } from './routes/chat-completions.js';
import { countMessageTokens } from './routes/count-tokens.js';
import { embeddings } from './routes/embeddings.js';
import {
  GEMINI_ACTION,
  GEMINI_MODEL,
  geminiAction,
  geminiGetModel,
  geminiListModels,
} from './routes/gemini.js';
import { messages } from './routes/messages.js';
import { metrics } from './routes/metrics.js';
import { healthz, readyz, root, token, usage } from './routes/misc.js';
import { getModel, listModels } from './routes/models.js';
import { responses } from './routes/responses.js';

export function buildRouter(): Router {
  const r = new Router();
  const chat = 'openai-chat' as const;
  r.add('POST', '/v1/chat/completions', { protocol: chat, handler: chatCompletions });
  r.add('POST', '/v1/responses', { protocol: 'openai-responses', handler: responses });
  r.add('POST', '/v1/messages', { protocol: 'anthropic', handler: messages });
  r.add('POST', '/v1/messages/count_tokens', {
    protocol: 'anthropic',
    handler: countMessageTokens,
    ingress: 'count-tokens',
  });
  r.add('GET', '/v1/models', { protocol: chat, handler: listModels, ingress: 'models', access: 'read' });
  r.add('POST', '/v1/embeddings', { protocol: chat, handler: embeddings, ingress: 'embeddings' });
  r.add('GET', '/usage', { protocol: chat, handler: usage, ingress: 'other', access: 'admin-read' });
  r.add('GET', '/token', { protocol: chat, handler: token, ingress: 'other', access: 'admin-write' });
  // /metrics checks its own credential (metricsToken, an admin key, or loopback): routes/metrics.ts.
  r.add('GET', '/metrics', { protocol: chat, handler: metrics, ingress: 'other', access: 'public' });
  r.add('GET', '/healthz', { protocol: chat, handler: healthz, ingress: 'other', access: 'public' });
  r.add('GET', '/readyz', { protocol: chat, handler: readyz, ingress: 'other', access: 'public' });
  r.add('GET', '/', { protocol: chat, handler: root, ingress: 'other', access: 'public' });
  const admin = (handler: RouteHandler, access: RouteAccess) =>
    ({ protocol: chat, handler, ingress: 'other', access }) as const;
  r.add('GET', '/admin/api/auth', admin(adminAuthState, 'public'));
  r.add('POST', '/admin/api/setup', admin(adminSetup, 'public'));
  r.add('POST', '/admin/api/login', admin(adminLogin, 'public'));
  r.add('POST', '/admin/api/logout', admin(adminLogout, 'public'));
  r.add('GET', '/admin/api/keys', admin(adminListKeys, 'admin-read'));
  r.add('POST', '/admin/api/keys', admin(adminCreateKey, 'admin-write'));
  r.add('POST', '/admin/api/keys/revoke', admin(adminRevokeKey, 'admin-write'));
  r.add('GET', '/v1beta/models', {
    protocol: 'gemini',
    handler: geminiListModels,
    ingress: 'models',
    access: 'read',
  });
  r.addPattern('POST', GEMINI_ACTION, ['model', 'method'], { protocol: 'gemini', handler: geminiAction });
  r.addPattern('GET', GEMINI_MODEL, ['model'], {
    protocol: 'gemini',
    handler: geminiGetModel,
    ingress: 'models',
    access: 'read',
  });
  r.addPattern('GET', /^\/(?:v1\/)?models\/([^/:]+)$/, ['model'], {
    protocol: chat,
    handler: getModel,
    ingress: 'models',
    access: 'read',
  });
  return r;
}
