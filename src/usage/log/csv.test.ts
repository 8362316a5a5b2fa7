import { describe, expect, it } from 'vitest';
import { outcome } from '../__fixtures__/outcome.js';
import { usageCsvHeader, usageCsvLines } from './csv.js';
import { rowFromOutcome } from './row-from-outcome.js';

describe('usage CSV', () => {
  it('writes a header and one quoted, formula-safe line per row', () => {
    const row = rowFromOutcome(
      outcome({ keyId: '=HYPERLINK("x")', changes: [{ kind: 'fallback', detail: 'a, "b"' }] }),
      { nanoAiu: 5, source: 'reported' },
    );
    const header = usageCsvHeader();
    expect(header.startsWith('time,trace_id,key_id,')).toBe(true);
    expect(header.endsWith('\r\n')).toBe(true);
    const line = usageCsvLines([row]);
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"fallback: a, ""b"""');
    expect(line.split(',').length).toBeGreaterThanOrEqual(header.split(',').length);
    expect(line).toMatch(/^2026-10-03T12:00:00\.000Z,/);
    expect(line).toMatch(/,5,reported,/);
  });
});
