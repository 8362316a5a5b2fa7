// Helpers for the emulator's own tests (plain fetch against a started emulator).
import { parseSSEText } from '../protocols/sse/parse.js';

export function copilotHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'editor-version': 'vscode/1.104.3',
    'editor-plugin-version': 'copilot-chat/0.31.0',
    'copilot-integration-id': 'vscode-chat',
    'content-type': 'application/json',
    ...extra,
  };
}

export async function postJson(
  url: string,
  token: string,
  body: unknown,
  extra: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, { method: 'POST', headers: copilotHeaders(token, extra), body: JSON.stringify(body) });
}

/**
 * Reads an SSE response into `{event, data}` frames (data JSON-parsed unless [DONE]). The data is
 * asserted field by field like a `Response.json()` body, so it has `asAny`'s type.
 */
export async function readSSE(res: Response): Promise<{ event?: string; data: ReturnType<typeof asAny> }[]> {
  const text = await res.text();
  return parseSSEText(text).map((m) => ({
    event: m.event,
    data: m.data === '[DONE]' ? '[DONE]' : JSON.parse(m.data),
  }));
}

/** Test bodies are asserted field by field; `Response.json()` types them as unknown. */
// biome-ignore lint/suspicious/noExplicitAny: test-only convenience for deep assertions
export const asAny = (v: unknown): any => v;
