// One data-URL parser and one media-type normaliser, whichever codec reads the URL.
import { describe, expect, it } from 'vitest';
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
