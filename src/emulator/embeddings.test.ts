import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embed } from './embeddings.js';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson } from './test-support.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

describe('/embeddings', () => {
  it('returns deterministic unit vectors per input', async () => {
    const b = await (
      await postJson(`${emu.copilotUrl}/embeddings`, token, {
        model: 'text-embedding-3-small',
        input: ['a', 'b', 'a'],
      })
    )
      .json()
      .then(asAny);
    expect(b.object).toBe('list');
    expect(b.data).toHaveLength(3);
    expect(b.data[0].embedding).toHaveLength(64);
    expect(b.data[0].embedding).toEqual(b.data[2].embedding);
    expect(b.data[0].embedding).not.toEqual(b.data[1].embedding);
    const norm = Math.sqrt(b.data[1].embedding.reduce((n: number, x: number) => n + x * x, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(b.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('supports base64 (little-endian float32) as the OpenAI SDK decodes it', async () => {
    const client = new OpenAI({
      baseURL: emu.copilotUrl,
      apiKey: token,
      defaultHeaders: { 'editor-version': 'vscode/1.104.3' },
      maxRetries: 0,
    });
    const r = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    expect(emu.requests.at(-1)!.body).toMatchObject({ encoding_format: 'base64' });
    const expected = Array.from(embed('hello'));
    r.data[0].embedding.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i], 6);
    });
  });

  it('rejects chat models and empty input', async () => {
    let r = await postJson(`${emu.copilotUrl}/embeddings`, token, { model: 'gpt-4.1', input: 'x' });
    expect((await r.json().then(asAny)).error.code).toBe('unsupported_api_for_model');
    r = await postJson(`${emu.copilotUrl}/embeddings`, token, { model: 'text-embedding-3-small', input: [] });
    expect(r.status).toBe(400);
  });
});
