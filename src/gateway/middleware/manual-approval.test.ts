import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalApprover } from './manual-approval.js';

describe('--manual terminal approval', () => {
  it('asks one question at a time, in order, and re-asks on an unclear answer', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += d));
    const approve = terminalApprover(input, output);
    const first = approve('POST /v1/messages from key "a"');
    const second = approve('POST /v1/chat/completions from key "b"');
    input.write('maybe\ny\n');
    expect(await first).toBe(true);
    input.write('n\n');
    expect(await second).toBe(false);
    expect(shown).toBe(
      'Allow POST /v1/messages from key "a"? [y/n] Allow POST /v1/messages from key "a"? [y/n] Allow POST /v1/chat/completions from key "b"? [y/n] ',
    );
  });

  it('refuses when the terminal is gone', async () => {
    const input = new PassThrough();
    const approve = terminalApprover(input, new PassThrough());
    input.end();
    expect(await approve('x')).toBe(false);
  });
});
