// Media sources between Chat URLs (https or data:) and IR sources. Pure string work, no fetching:
// downloading an https image is the business of a codec whose protocol cannot take URLs.
export { normaliseMediaType, parseDataUrl, toDataUrl } from '../ir/media.js';

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
