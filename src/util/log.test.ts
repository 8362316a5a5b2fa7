import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MAX_CHARS, createLogger, MAX_LINE_CHARS } from './log.js';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const log = createLogger({ ...options, sink: (l) => lines.push(l) });
  return { log, lines };
}

describe('text format (default)', () => {
  it('writes time, level, message and the fields as JSON, redacting tokens', () => {
    const { log, lines } = capture();
    log.info('signed in with ghu_abcdefghijklmnop', { trace: 't1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z INFO {2}signed in with ghu_\[redacted\] \{"trace":"t1"\}$/,
    );
  });

  it('drops lines below the level', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.info('no');
    log.debug('no');
    log.warn('yes');
    expect(lines).toHaveLength(1);
    expect(log.verbose).toBe(false);
  });
});

describe('json format', () => {
  it('writes one JSON object per line with time, level, msg and the fields at the top level', () => {
    const { log, lines } = capture({ format: 'json' });
    log.warn('two\nlines', { trace: 't1', status: 429, nested: { a: [1, 2] } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({
      level: 'warn',
      msg: 'two\nlines',
      trace: 't1',
      status: 429,
      nested: { a: [1, 2] },
    });
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
    expect(Object.keys(record).slice(0, 3)).toEqual(['time', 'level', 'msg']);
  });

  it('keeps time, level and msg when a field has the same name', () => {
    const { log, lines } = capture({ format: 'json' });
    log.error('real', { level: 'debug', msg: 'fake', time: 'never' });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', msg: 'real' });
    expect(JSON.parse(lines[0]).time).not.toBe('never');
  });

  it('redacts secrets in the message and in fields, and the line stays valid JSON', () => {
    const { log, lines } = capture({ format: 'json' });
    log.info('Bearer abcdefghijklmnopqrstuvwxyz', {
      githubToken: 'gho_secretsecretsecret',
      header: 'x-api-key: sk-ant-api03-secretsecret',
      copilot: 'tid=abc;exp=123:sig',
      key: 'cgw_0123456789abcdef',
    });
    const text = lines[0];
    for (const secret of ['abcdefghijklmnopqrstuvwxyz', 'secretsecret', 'tid=abc', '0123456789abcdef']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text).githubToken).toBe('[redacted]');
  });

  it('does not redact with showTokens (--show-token)', () => {
    const { log, lines } = capture({ format: 'json', showTokens: true });
    log.info('token', { githubToken: 'gho_secretsecretsecret' });
    expect(JSON.parse(lines[0]).githubToken).toBe('gho_secretsecretsecret');
  });

  it('serialises errors and bigints, and survives a cycle', () => {
    const { log, lines } = capture({ format: 'json' });
    log.error('failed', { err: new TypeError('boom'), n: 10n });
    expect(JSON.parse(lines[0])).toMatchObject({ err: { name: 'TypeError', message: 'boom' }, n: '10' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    log.error('cycle', { cyclic });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', msg: 'cycle', fields: '[unserialisable]' });
  });
});

describe('line length cap', () => {
  it('cuts a text line that quotes a huge input, saying how long it was', () => {
    const { log, lines } = capture();
    log.info(`model ${'x'.repeat(200_000)}`, { trace: 't' });
    expect(lines[0]!.length).toBeLessThan(MAX_LINE_CHARS + 100);
    expect(lines[0]).toMatch(/line cut at 16384 of \d+ characters\)$/);
  });

  it('keeps a cut json line one valid object with time, level and the start of msg', () => {
    const { log, lines } = capture({ format: 'json' });
    log.warn(`model ${'\u0001'.repeat(200_000)}`, { trace: 't', big: 'y'.repeat(100_000) });
    expect(lines[0]!.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'warn',
      cut: expect.stringMatching(/^line cut at 16384 of \d+ characters$/),
    });
    expect(String(record.msg).startsWith('model \u0001')).toBe(true);
    expect(record.big).toBeUndefined();
  });
});

describe('log file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('appends the same lines to the file, mode 0600', () => {
    dir = mkdtempSync(join(tmpdir(), 'cgw-log-'));
    const file = join(dir, 'gateway.log');
    const { log, lines } = capture({ format: 'json', file });
    log.info('one');
    log.info('two');
    expect(readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('batched sink', () => {
  it('hands the lines of one event-loop turn to the sink in one call, in order', async () => {
    const writes: string[] = [];
    const log = createLogger({ sink: (text) => writes.push(text), batch: true });
    log.info('one');
    log.warn('two');
    expect(writes).toEqual([]);
    await new Promise<void>((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    const lines = writes[0].split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/INFO {2}one$/);
    expect(lines[1]).toMatch(/WARN {2}two$/);
    log.error('three');
    await new Promise<void>((r) => setImmediate(r));
    expect(writes).toHaveLength(2);
    expect(writes[1]).toMatch(/ERROR three$/);
  });

  it('with batchMs, gathers lines across turns and writes them once that time passed', async () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const log = createLogger({ sink: (text) => writes.push(text), batch: true, batchMs: 20 });
      log.info('one');
      await vi.advanceTimersByTimeAsync(5);
      log.info('two');
      expect(writes).toEqual([]);
      await vi.advanceTimersByTimeAsync(15);
      expect(writes).toHaveLength(1);
      expect(writes[0].split('\n').map((l) => l.slice(-3))).toEqual(['one', 'two']);
      log.info('three');
      expect(writes).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(20);
      expect(writes[1]).toMatch(/three$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with batchMs, writes at once when BATCH_MAX_CHARS are waiting', () => {
    const writes: string[] = [];
    const log = createLogger({ sink: (text) => writes.push(text), batch: true, batchMs: 60_000 });
    const msg = 'x'.repeat(1000);
    for (let i = 0; i * 1000 < BATCH_MAX_CHARS; i++) log.info(msg);
    expect(writes).toHaveLength(1);
    expect(writes[0].split('\n').length).toBeGreaterThanOrEqual(BATCH_MAX_CHARS / 1100);
  });
});
