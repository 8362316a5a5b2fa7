// Per-request state handed to route handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProtocolId } from '../protocols/ir/types.js';
import type { Cancellation } from '../util/cancellation.js';
import type { GatewayContext } from './context.js';
import type { RequestAuth } from './middleware/request-auth.js';
import type { RequestOutcome } from './pipeline/request-outcome.js';

export interface RequestContext {
  ctx: GatewayContext;
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  traceId: string;
  /** The protocol the client speaks on this route (decides the error shape). */
  protocol: ProtocolId;
  /** Aborted when the client disconnects before the response is finished. */
  cancel: Cancellation;
  /** Route parameters (e.g. the Gemini model and method). */
  params: Record<string, string>;
  /** What the request learned on its way; emitted as one OutcomeRecord when it ends. */
  outcome: RequestOutcome;
  /** The API key the request authenticated with (filled by the request guard from auth.key). */
  keyId?: string;
  /** Who the caller is (set by the guard before the route runs). */
  auth?: RequestAuth;
  /** The request body when it did not come on `req` (a message of a Responses WebSocket). */
  body?: Buffer;
  /** The Copilot account that served it (from the pool's answer; see pipeline/request-outcome.ts noteServed). */
  accountId?: string;
}

export type RouteHandler = (rc: RequestContext) => Promise<void>;
