// Formats server-sent event frames. Event names and ids are single-line by construction: a line
// break there would let one frame forge another, so it is refused (a programming error).

export function sseFrame(data: string, event?: string): string {
  if (event !== undefined && /[\r\n]/.test(event))
    throw new Error('SSE event names cannot contain line breaks');
  // JSON.stringify output has no raw line breaks; other data is split into several data: lines.
  const body = data.includes('\n') ? data.split(/\r?\n/).join('\ndata: ') : data;
  return event === undefined ? `data: ${body}\n\n` : `event: ${event}\ndata: ${body}\n\n`;
}

/** `event: <type>` + `data: <json>` (Anthropic, Responses). */
export function sseJson(value: unknown, event?: string): string {
  return sseFrame(JSON.stringify(value), event);
}

/** An SSE comment line, ignored by every parser (keep-alive for protocols without a typed ping). */
export function sseComment(text = 'keep-alive'): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';
