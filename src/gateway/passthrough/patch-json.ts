// Targeted patches of a raw JSON body: replace the value of one top-level key without
// re-serialising the rest, so unknown fields, key order and signed bytes stay exactly as the
// client sent them (and a 400 KB body costs a scan, not a parse + stringify).

/** Finds the byte span [start, end) of the value of top-level `key`, or undefined. */
export function findTopLevelValue(raw: Buffer, key: string): [number, number] | undefined {
  const member = findTopLevelMember(raw, key);
  return member && [member.valueStart, member.valueEnd];
}

interface MemberSpan {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** Renames top-level `from` to `to`, leaving its value and every other byte as they are. */
export function renameTopLevel(raw: Buffer, from: string, to: string): Buffer {
  const member = findTopLevelMember(raw, from);
  if (!member) return raw;
  return Buffer.concat([
    raw.subarray(0, member.keyStart),
    Buffer.from(JSON.stringify(to)),
    raw.subarray(member.keyEnd),
  ]);
}

function findTopLevelMember(raw: Buffer, key: string): MemberSpan | undefined {
  const n = raw.length;
  let i = skipWs(raw, 0);
  if (raw[i] !== 0x7b) return undefined; // {
  i++;
  const wanted = JSON.stringify(key);
  while (i < n) {
    i = skipWs(raw, i);
    if (raw[i] === 0x7d) return undefined; // }
    if (raw[i] !== 0x22) return undefined; // "
    const keyStart = i;
    i = skipString(raw, i);
    const keyEnd = i;
    const isWanted =
      i - keyStart === Buffer.byteLength(wanted) && raw.toString('utf8', keyStart, i) === wanted;
    i = skipWs(raw, i);
    if (raw[i] !== 0x3a) return undefined; // :
    i = skipWs(raw, i + 1);
    const valueStart = i;
    i = skipValue(raw, i);
    if (isWanted) return { keyStart, keyEnd, valueStart, valueEnd: i };
    i = skipWs(raw, i);
    if (raw[i] === 0x2c) i++; // ,
  }
  return undefined;
}

/** Returns `raw` with top-level `key` set to `value` (added at the front when absent). */
export function setTopLevel(raw: Buffer, key: string, value: unknown): Buffer {
  const encoded = Buffer.from(JSON.stringify(value));
  const span = findTopLevelValue(raw, key);
  if (span) return Buffer.concat([raw.subarray(0, span[0]), encoded, raw.subarray(span[1])]);
  const open = raw.indexOf(0x7b);
  const rest = raw.subarray(open + 1);
  const empty = rest.toString('utf8').trim().startsWith('}');
  return Buffer.concat([
    raw.subarray(0, open + 1),
    Buffer.from(`${JSON.stringify(key)}:`),
    encoded,
    Buffer.from(empty ? '' : ','),
    rest,
  ]);
}

function skipWs(b: Buffer, i: number): number {
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i;
}

function skipString(b: Buffer, i: number): number {
  i++; // opening quote
  while (i < b.length) {
    const c = b[i];
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}

function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === 0x22) return skipString(b, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i];
      if (d === 0x22) {
        i = skipString(b, i);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (
    i < b.length &&
    b[i] !== 0x2c &&
    b[i] !== 0x7d &&
    b[i] !== 0x5d &&
    b[i] !== 0x20 &&
    b[i] !== 0x0a &&
    b[i] !== 0x0d &&
    b[i] !== 0x09
  )
    i++;
  return i;
}
