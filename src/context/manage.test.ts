// Trim and summarize on long histories of each protocol. Trimmed bodies are sent to the emulator,
// which checks tool pairing, thinking signatures and encrypted reasoning like Copilot, and counts
// the prompt against max_prompt_tokens: the untrimmed body is refused, the trimmed one accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { asAny, postJson } from '../emulator/test-support.js';
import { GatewayError } from '../errors/gateway-error.js';
import { createCodecContext } from '../gateway/codec-context.js';
import { EGRESS, INGRESS } from '../gateway/codecs.js';
import type { IRRequest } from '../protocols/ir/types.js';
import { claudeCodeHistory, codexHistory, geminiHistory } from './__fixtures__/histories.js';
import { SUMMARY_HEADER } from './adapters.js';
import { manageContext } from './manage.js';
import { MemorySummaryRepository } from './summaries.js';
import type { ContextLimits, ContextSettings } from './types.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

// biome-ignore lint/suspicious/noExplicitAny: test-only convenience for deep assertions
type Json = Record<string, any>;
const trim: ContextSettings = { mode: 'trim', marginRatio: 0.05 };
const claude: ContextLimits = {
  model: 'claude-sonnet-4.5',
  maxPromptTokens: 168000,
  maxContextWindowTokens: 200000,
  tokenizer: 'o200k_base',
};
const codex: ContextLimits = {
  model: 'gpt-5-codex',
  maxPromptTokens: 128000,
  maxContextWindowTokens: 400000,
  tokenizer: 'o200k_base',
};
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('trim on Claude Code histories (thinking + tool pairs)', () => {
  const body = claudeCodeHistory(60, 12_000);

  it('fits the trimmed request under Copilot’s limit and keeps thinking and pairs intact', async () => {
    const over = await postJson(`${emu.copilotUrl}/v1/messages`, token, body);
    expect(over.status).toBe(400);
    expect((await over.json().then(asAny)).error.message).toMatch(/^prompt is too long: \d+ tokens > 168000/);

    const r = await manageContext({
      protocol: 'anthropic',
      body: body as Json,
      bodyBytes: bytes(body),
      requestedOutput: body.max_tokens,
      limits: claude,
      settings: trim,
    });
    expect(r.changed).toBe(true);
    expect(r.tokensBefore).toBeGreaterThan(168000);
    expect(r.tokensAfter).toBeLessThanOrEqual(Math.floor(168000 * 0.95));
    expect(r.changes[0]).toMatchObject({ kind: 'context-trim' });
    expect(r.messagesDropped).toBe(121 - (r.body.messages as Json[]).length);
    expect(r.changes[0].detail).toMatch(/^dropped \d+ of 121 messages/);
    const messages = r.body.messages as Json[];
    expect(messages[0]).toEqual(body.messages[0]);
    expect(messages[1].role).toBe('assistant');
    expect(messages.at(-1)).toEqual(body.messages.at(-1));
    // Kept assistant turns are byte-identical (thinking signatures verify upstream).
    for (const m of messages.slice(1)) expect(body.messages).toContainEqual(m);
    expect(r.body.system).toEqual(body.system);

    const ok = await postJson(`${emu.copilotUrl}/v1/messages`, token, r.body);
    expect(ok.status).toBe(200);
  });

  it('mode off refuses with the counted tokens, the limit and what to do', async () => {
    const err = await manageContext({
      protocol: 'anthropic',
      body: body as Json,
      bodyBytes: bytes(body),
      requestedOutput: body.max_tokens,
      limits: claude,
      settings: { ...trim, mode: 'off' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    const e = err as GatewayError;
    expect(e.kind).toBe('context_length');
    expect(e.code).toBe('context_length_exceeded');
    expect(e.message).toMatch(/^prompt is too long: \d+ tokens > 168000 maximum/);
    expect(e.message).toContain('contextManagement');
  });

  it('leaves a body far below the limit alone without counting', async () => {
    const small = claudeCodeHistory(3, 500);
    const r = await manageContext({
      protocol: 'anthropic',
      body: small as Json,
      bodyBytes: bytes(small),
      limits: claude,
      settings: trim,
    });
    expect(r).toMatchObject({ changed: false, changes: [], tokensBefore: undefined });
    expect(r.body).toBe(small);
  });

  it('refuses when the task and latest turn alone exceed the limit', async () => {
    const huge = claudeCodeHistory(2, 800_000);
    const err = await manageContext({
      protocol: 'anthropic',
      body: huge as Json,
      bodyBytes: bytes(huge),
      limits: claude,
      settings: trim,
    }).catch((e: unknown) => e);
    expect((err as GatewayError).kind).toBe('context_length');
    expect((err as GatewayError).message).toContain('even after dropping');
  });
});

describe('trim on Codex histories (reasoning items)', () => {
  it('keeps developer message, task, reasoning with its call, and the emulator accepts it', async () => {
    const body = codexHistory(50, 14_000);
    const over = await postJson(`${emu.copilotUrl}/responses`, token, body);
    expect(over.status).toBe(400);
    const r = await manageContext({
      protocol: 'openai-responses',
      body: body as Json,
      bodyBytes: bytes(body),
      limits: codex,
      settings: trim,
    });
    expect(r.changed).toBe(true);
    const input = r.body.input as Json[];
    expect(input.slice(0, 2)).toEqual(body.input.slice(0, 2));
    expect(input[2].type).toBe('reasoning');
    expect(input[3].type).toBe('function_call');
    const calls = new Set(input.filter((i) => i.type === 'function_call').map((i) => i.call_id));
    for (const o of input.filter((i) => i.type === 'function_call_output'))
      expect(calls.has(o.call_id)).toBe(true);
    const ok = await postJson(`${emu.copilotUrl}/responses`, token, r.body);
    expect(ok.status).toBe(200);
  });
});

describe('trim on Gemini histories (through the IR)', () => {
  it('drops whole call/response pairs and the chat request the IR encodes is accepted', async () => {
    const gem = geminiHistory(40, 16_000);
    const codecCtx = createCodecContext();
    const ir = INGRESS.gemini.decodeRequest(
      { ...gem, model: 'gemini-3.1-pro-preview' },
      codecCtx,
    ) as IRRequest;
    const limits: ContextLimits = {
      model: 'gemini-3.1-pro-preview',
      maxPromptTokens: 136000,
      maxContextWindowTokens: 200000,
      tokenizer: 'o200k_base',
    };
    const r = await manageContext({
      protocol: 'ir',
      body: ir,
      bodyBytes: bytes(gem),
      limits,
      settings: trim,
    });
    expect(r.changed).toBe(true);
    expect(r.body.messages[0]).toEqual(ir.messages[0]);
    expect(r.body.messages[1].role).toBe('assistant');
    expect(r.body.system).toEqual(ir.system);
    const chat = EGRESS['openai-chat'].encodeRequest(
      { ...r.body, model: 'gemini-3.1-pro-preview' },
      { id: 'gemini-3.1-pro-preview' },
      codecCtx,
    );
    const ok = await postJson(`${emu.copilotUrl}/chat/completions`, token, chat);
    expect(ok.status).toBe(200);
  });
});

describe('summarize', () => {
  it('replaces dropped turns by a summary made once, then served from the cache', async () => {
    const body = claudeCodeHistory(60, 12_000);
    const transcripts: string[] = [];
    const summaries = new MemorySummaryRepository();
    const args = {
      protocol: 'anthropic' as const,
      bodyBytes: bytes(body),
      requestedOutput: body.max_tokens,
      limits: claude,
      settings: { mode: 'summarize' as const, marginRatio: 0.05, summaryModel: 'gpt-5-mini' },
      summaries,
      summarize: async (t: string) => {
        transcripts.push(t);
        return 'The assistant read files 0 to N and found nothing wrong.';
      },
    };
    const first = await manageContext({ ...args, body: body as Json });
    expect(transcripts).toHaveLength(1);
    expect(transcripts[0]).toContain('Thinking about step 0');
    expect(first.changes[1].detail).toContain('new, cached');
    const task = (first.body.messages as Json[])[0].content as Json[];
    expect(task.at(-1)?.text).toBe(
      `${SUMMARY_HEADER}\nThe assistant read files 0 to N and found nothing wrong.`,
    );
    const ok = await postJson(`${emu.copilotUrl}/v1/messages`, token, first.body);
    expect(ok.status).toBe(200);

    // The next turn: two more messages; the same prefix is summarised already.
    const next = structuredClone(body);
    next.messages.push(
      { role: 'assistant', content: [{ type: 'text', text: 'done reading' }] },
      { role: 'user', content: 'thanks, what next?' },
    );
    const second = await manageContext({ ...args, body: next as Json, bodyBytes: bytes(next) });
    expect(transcripts).toHaveLength(1);
    expect(second.changes[1].detail).toContain('cache hit');
    expect([first.summaryCacheHit, second.summaryCacheHit]).toEqual([false, true]);
    expect((second.body.messages as Json[])[1]).toEqual((first.body.messages as Json[])[1]);
  });
});
