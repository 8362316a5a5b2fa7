// Media in wire formats: the one data-URL parser and the one media-type normaliser every codec
// uses. Pure string work, no fetching.
import type { IRMediaSource } from './types.js';

/** `data:<type>[;base64],<payload>` → base64 source; undefined when not a data URL. */
export function parseDataUrl(url: string): IRMediaSource | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = normaliseMediaType(match[1] || 'application/octet-stream');
  const isBase64 = match[2]!.split(';').includes('base64');
  const data = isBase64 ? match[3]! : Buffer.from(decodeURIComponent(match[3]!), 'utf8').toString('base64');
  return { kind: 'base64', mediaType, data };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** Lower case; `image/jpg` is a common misspelling that strict upstreams reject (pitfall 14). */
export function normaliseMediaType(mediaType: string): string {
  const t = mediaType.trim().toLowerCase();
  return t === 'image/jpg' ? 'image/jpeg' : t;
}
