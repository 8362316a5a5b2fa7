// `--expires 30d`: a duration (m, h, d, w, y) or an ISO date, turned into an epoch-ms deadline.
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

export function parseExpiry(text: string, now: number): number {
  const m = /^(\d+)\s*([mhdwy])$/i.exec(text.trim());
  if (m) {
    const n = Number(m[1]);
    if (n > 0) return now + n * (UNIT_MS[m[2].toLowerCase()] ?? 0);
  } else if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (Number.isFinite(at) && at > now) return at;
    if (Number.isFinite(at)) throw new Error(`The expiry date "${text}" is in the past`);
  }
  throw new Error(
    `Invalid expiry "${text}": use a duration such as 90m, 12h, 30d, 8w, 1y or a date (2027-01-31)`,
  );
}
