// Numbers, times and durations in the browser's own locale (Intl), whatever language the UI speaks.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const shortTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const logTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const formatDateTime = (ms: number | undefined) => (ms === undefined ? '–' : dateTime.format(ms));
export const formatLogTime = (ms: number) => logTime.format(ms);
export const formatShortTime = (ms: number) => shortTime.format(ms);
export const formatInt = (n: number | undefined) => (n === undefined ? '–' : integer.format(n));
export const formatNumber = (n: number | undefined) => (n === undefined ? '–' : decimal.format(n));
const small = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });
/** Credits (AI units) from nano-AIU; below 0.01 with two significant digits, so a cheap request
 * does not read as free. */
export function formatCredits(nanoAiu: number | undefined): string {
  if (nanoAiu === undefined) return '–';
  const credits = nanoAiu / 1e9;
  return credits !== 0 && Math.abs(credits) < 0.01 ? small.format(credits) : decimal.format(credits);
}

/** 3d 4h, 5h 6m, 7m 8s, 9s. */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** A datetime-local input's value for an epoch time, in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}
