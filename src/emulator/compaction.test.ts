// Server-side compaction on /responses (copilot-upstream-2026.md §3): over compact_threshold the
// answer starts with an encrypted compaction item, which the client sends back in place of the
// items it replaced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson, readSSE } from './test-support.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

const url = () => `${emu.copilotUrl}/responses`;
const cm = [{ type: 'compaction', compact_threshold: 1000 }];

describe('/responses compaction', () => {
  it('adds a compaction item over the threshold only', async () => {
    const over = await (
      await postJson(url(), token, { model: 'gpt-5-codex', input: 'a '.repeat(4000), context_management: cm })
    )
      .json()
      .then(asAny);
    expect(over.output[0].type).toBe('compaction');
    expect(over.output[0].encrypted_content).toMatch(/^gAAAAA/);
    const under = await (
      await postJson(url(), token, { model: 'gpt-5-codex', input: 'hi', context_management: cm })
    )
      .json()
      .then(asAny);
    expect(under.output.map((o: { type: string }) => o.type)).toEqual(['message']);
  });

  it('streams it as an output item, and accepts it back (but not a forged one)', async () => {
    const frames = await readSSE(
      await postJson(url(), token, {
        model: 'gpt-5-codex',
        input: 'a '.repeat(4000),
        context_management: cm,
        stream: true,
      }),
    );
    const done = frames.filter((f) => f.event === 'response.output_item.done').map((f) => f.data.item);
    expect(done[0].type).toBe('compaction');
    const back = await postJson(url(), token, {
      model: 'gpt-5-codex',
      input: [done[0], { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go on' }] }],
    });
    expect(back.status).toBe(200);
    const forged = await postJson(url(), token, {
      model: 'gpt-5-codex',
      input: [
        { ...done[0], encrypted_content: 'gAAAAAforged' },
        { type: 'message', role: 'user', content: 'x' },
      ],
    });
    expect(forged.status).toBe(400);
    expect((await forged.json().then(asAny)).error.code).toBe('invalid_encrypted_content');
  });
});
