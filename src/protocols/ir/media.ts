// Media in wire formats: the one data-URL parser and the one media-type normaliser every codec
// uses. Pure string work, no fetching.
import { GatewayError } from '../../errors/gateway-error.js';
import type { IRMediaSource } from './types.js';

/**
 * `data:<type>[;base64],<payload>` → base64 source; undefined when not a data URL. A payload
 * without `;base64` is percent-encoded bytes (RFC 2397); a malformed escape is the client's
 * mistake (400, `param` names where it was).
 */
export function parseDataUrl(url: string, param?: string): IRMediaSource | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = normaliseMediaType(match[1] || 'application/octet-stream');
  const isBase64 = match[2]!.split(';').includes('base64');
  const data = isBase64 ? match[3]! : percentDecode(match[3]!, param).toString('base64');
  return { kind: 'base64', mediaType, data };
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Percent-decoding to bytes (not to UTF-8 text: a data URL may carry any bytes). */
function percentDecode(payload: string, param?: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = payload.indexOf('%'); at !== -1; at = payload.indexOf('%', from)) {
    const hex = payload.slice(at + 1, at + 3);
    if (!HEX.test(hex)) {
      throw GatewayError.invalid(
        `The data URL has a malformed percent-escape "%${hex}" at offset ${at} of its payload; escape bytes as %XX with two hex digits, or send the payload as ;base64`,
        param ? { param } : {},
      );
    }
    if (at > from) parts.push(Buffer.from(payload.slice(from, at), 'utf8'));
    parts.push(Buffer.of(Number.parseInt(hex, 16)));
    from = at + 3;
  }
  parts.push(Buffer.from(payload.slice(from), 'utf8'));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** Lower case; `image/jpg` is a common misspelling that strict upstreams reject (pitfall 14). */
export function normaliseMediaType(mediaType: string): string {
  const t = mediaType.trim().toLowerCase();
  return t === 'image/jpg' ? 'image/jpeg' : t;
}
