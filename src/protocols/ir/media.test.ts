// One data-URL parser and one media-type normaliser, whichever codec reads the URL.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { mediaSourceFromUrl } from '../openai-responses/decode-request.js';
import { normaliseMediaType, parseDataUrl } from './media.js';

describe('media', () => {
  it('normalises case, spaces and the image/jpg misspelling', () => {
    expect(normaliseMediaType(' Image/JPG ')).toBe('image/jpeg');
    expect(normaliseMediaType('image/png')).toBe('image/png');
  });

  it('reads base64 and percent-encoded data URLs alike', () => {
    expect(parseDataUrl('data:image/jpg;name=a.jpg;base64,AAAA')).toEqual({
      kind: 'base64',
      mediaType: 'image/jpeg',
      data: 'AAAA',
    });
    expect(parseDataUrl('data:,hi')).toEqual({
      kind: 'base64',
      mediaType: 'application/octet-stream',
      data: Buffer.from('hi').toString('base64'),
    });
  });

  it('gives the Responses decoder the same reading (it used to keep image/jpg and miss plain data URLs)', () => {
    expect(mediaSourceFromUrl('data:image/jpg;base64,AAAA')).toEqual({
      kind: 'base64',
      mediaType: 'image/jpeg',
      data: 'AAAA',
    });
    expect(mediaSourceFromUrl('data:text/plain,hi')).toMatchObject({
      kind: 'base64',
      mediaType: 'text/plain',
    });
    expect(mediaSourceFromUrl('https://x.test/a.png')).toEqual({ kind: 'url', url: 'https://x.test/a.png' });
  });
});

describe('data URL percent-decoding', () => {
  it('decodes escapes to bytes, not to UTF-8 text (a binary payload survives)', () => {
    expect(parseDataUrl('data:image/png,%89PNG%0D%0A')).toEqual({
      kind: 'base64',
      mediaType: 'image/png',
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]).toString('base64'),
    });
    expect(parseDataUrl('data:text/plain,caf%C3%A9 ☕')).toMatchObject({
      data: Buffer.from('café ☕').toString('base64'),
    });
  });

  it('a malformed escape is a 400 naming the parameter, not a URIError', () => {
    for (const url of ['data:image/png,%ZZ', 'data:image/png,abc%', 'data:image/png,%4']) {
      let caught: unknown;
      try {
        parseDataUrl(url, 'messages[0].content[0].image_url.url');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(GatewayError);
      expect((caught as GatewayError).status).toBe(400);
      expect((caught as GatewayError).param).toBe('messages[0].content[0].image_url.url');
      expect((caught as GatewayError).message).toMatch(/percent-escape/);
    }
  });
});
