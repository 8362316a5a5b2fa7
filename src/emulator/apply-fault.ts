// Applies a fault that replaces (or delays) the response. Returns true when the response is done.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PreFault } from './faults.js';
import { COPILOT_FAILURES } from './faults-copilot.js';
import { pause, sendJson, sendText } from './http-util.js';
import type { EmulatorState } from './state.js';

export async function applyPreFault(
  fault: PreFault,
  req: IncomingMessage,
  res: ServerResponse,
  state: EmulatorState,
  server: 'github' | 'copilot',
  extraHeaders: Record<string, string> = {},
): Promise<boolean> {
  switch (fault.kind) {
    case 'delay-headers':
      await pause(fault.delayMs, state.signal);
      return res.destroyed;
    case 'drop-connection':
      req.socket.destroy();
      return true;
    case 'expired-token': {
      if (server === 'github') {
        sendJson(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
        return true;
      }
      const m = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (m) state.tokens.invalidate(m[1]);
      sendText(res, 401, 'unauthorized: token expired', extraHeaders);
      return true;
    }
    case 'copilot-failure': {
      const preset: { status: number; headers?: Record<string, string>; body: string | object } =
        COPILOT_FAILURES[fault.failure];
      sendBody(res, preset.status, preset.body, { ...extraHeaders, ...preset.headers });
      return true;
    }
    case 'status': {
      const headers = { ...extraHeaders, ...(fault.headers ?? {}) };
      sendBody(res, fault.status, fault.body ?? defaultBody(fault.status), headers);
      return true;
    }
  }
}

function sendBody(
  res: ServerResponse,
  status: number,
  body: string | object,
  headers: Record<string, string>,
) {
  if (typeof body === 'string') sendText(res, status, body, headers);
  else sendJson(res, status, body, headers);
}

/** The bodies Copilot sends for these statuses (reference §6 error table). */
function defaultBody(status: number): string | object {
  if (status === 429) return { error: { message: 'rate limit exceeded', code: 'rate_limited' } };
  if (status === 402) return { error: { message: 'You have no quota', code: 'quota_exceeded' } };
  if (status === 421) return 'Misdirected Request';
  if (status >= 500) return status === 503 ? 'service unavailable' : 'internal server error';
  return `error ${status}`;
}
