// Media sources between Chat URLs (https or data:) and IR sources. Pure string work, no fetching:
// downloading an https image is the business of a codec whose protocol cannot take URLs.
import type { IRMediaSource } from '../ir/types.js';

/** `data:<type>[;base64],<payload>` → base64 source; undefined when not a data URL. */
export function parseDataUrl(url: string): IRMediaSource | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = normaliseMediaType(match[1] || 'application/octet-stream');
  const isBase64 = match[2].split(';').includes('base64');
  const data = isBase64 ? match[3] : Buffer.from(decodeURIComponent(match[3]), 'utf8').toString('base64');
  return { kind: 'base64', mediaType, data };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** `image/jpg` is a common misspelling that strict upstreams reject (pitfall 14). */
export function normaliseMediaType(mediaType: string): string {
  const t = mediaType.trim().toLowerCase();
  return t === 'image/jpg' ? 'image/jpeg' : t;
}

const TYPE_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** A guess from the file name, for `file_data` sent as bare base64 without a data URL. */
export function mediaTypeFromFilename(filename: string | undefined): string {
  const ext = filename?.split('.').pop()?.toLowerCase();
  return (ext && TYPE_BY_EXTENSION[ext]) || 'application/octet-stream';
}
