// Formats server-sent event frames. Event names and ids are single-line by construction: a line
// break there would let one frame forge another, so it is refused (a programming error).

function checkEvent(event: string): void {
  if (event.includes('\n') || event.includes('\r'))
    throw new Error('SSE event names cannot contain line breaks');
}

export function sseFrame(data: string, event?: string): string {
  if (event !== undefined) checkEvent(event);
  // JSON.stringify output has no raw line breaks; other data is split into several data: lines
  // (CR, LF and CRLF all end a line in SSE).
  const body = data.includes('\n') || data.includes('\r') ? data.split(/\r\n|\r|\n/).join('\ndata: ') : data;
  return event === undefined ? `data: ${body}\n\n` : `event: ${event}\ndata: ${body}\n\n`;
}

/** `event: <type>` + `data: <json>` (Anthropic, Responses). */
export function sseJson(value: unknown, event?: string): string {
  // JSON.stringify escapes every CR and LF, so its output is always a single data line.
  const data = JSON.stringify(value);
  if (event === undefined) return `data: ${data}\n\n`;
  checkEvent(event);
  return `event: ${event}\ndata: ${data}\n\n`;
}

/** An SSE comment line, ignored by every parser (keep-alive for protocols without a typed ping). */
export function sseComment(text = 'keep-alive'): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';
