import { describe, expect, it } from 'vitest';
import { GatewayError } from '../ir/errors.js';
import { mediaTypeFromFilename, parseDataUrl, toDataUrl } from './media.js';

describe('media', () => {
  it('parses base64 and percent-encoded data URLs, fixing image/jpg', () => {
    expect(parseDataUrl('data:image/jpg;base64,AAAA')).toEqual({
      kind: 'base64',
      mediaType: 'image/jpeg',
      data: 'AAAA',
    });
    expect(parseDataUrl('data:text/plain,hi%20there')).toEqual({
      kind: 'base64',
      mediaType: 'text/plain',
      data: Buffer.from('hi there').toString('base64'),
    });
    expect(parseDataUrl('https://x.test/a.png')).toBeUndefined();
    expect(toDataUrl('image/png', 'QQ==')).toBe('data:image/png;base64,QQ==');
  });

  it('guesses media types from file names', () => {
    expect(mediaTypeFromFilename('a.PDF')).toBe('application/pdf');
    expect(mediaTypeFromFilename(undefined)).toBe('application/octet-stream');
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
