import { describe, expect, it } from 'vitest';
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
