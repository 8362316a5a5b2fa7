// The route table: every endpoint the gateway serves, and the protocol each one speaks.

import { Router } from './router.js';
import { chatCompletions } from './routes/chat-completions.js';
import { embeddings } from './routes/embeddings.js';
import { healthz, root, token, usage } from './routes/misc.js';
import { getModel, listModels } from './routes/models.js';

export function buildRouter(): Router {
  const r = new Router();
  const chat = 'openai-chat' as const;
  r.add('POST', '/v1/chat/completions', { protocol: chat, handler: chatCompletions });
  r.add('GET', '/v1/models', { protocol: chat, handler: listModels });
  r.add('POST', '/v1/embeddings', { protocol: chat, handler: embeddings });
  r.add('GET', '/usage', { protocol: chat, handler: usage });
  r.add('GET', '/token', { protocol: chat, handler: token });
  r.add('GET', '/healthz', { protocol: chat, handler: healthz });
  r.add('GET', '/', { protocol: chat, handler: root });
  r.addPattern('GET', /^\/(?:v1\/)?models\/([^/:]+)$/, ['model'], { protocol: chat, handler: getModel });
  return r;
}
