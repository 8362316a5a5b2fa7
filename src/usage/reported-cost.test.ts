// Cost captured on every Copilot endpoint, stream and non-stream: the pipeline's passthrough
// readers (usage tap over raw frames, usage cut out of a body) and the translated path (IR from the
// egress codec) both find the emulator's copilot_usage, and the price-table estimate from the same
// tokens equals it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { postJson } from '../emulator/test-support.js';
import { createCodecContext } from '../gateway/codec-context.js';
import { EGRESS } from '../gateway/codecs.js';
import { createUsageTap, TERMINAL } from '../gateway/passthrough/usage-tap.js';
import { RequestOutcome } from '../gateway/pipeline/request-outcome.js';
import { type NativeProtocol, usageFromWire, usageOfBody } from '../gateway/pipeline/usage.js';
import type { IRUsage } from '../protocols/ir/types.js';
import { parseSSEText } from '../protocols/sse/parse.js';
import { createPriceTable, priceTokens } from './price-table.js';

type WireProtocol = NativeProtocol;

/** What the outcome record gets from IR usage (RequestOutcome.setUsage, as the pipeline calls it). */
function outcomeOf(u: Partial<IRUsage> | undefined) {
  const o = new RequestOutcome(0, 'openai-chat');
  o.setUsage(u);
  return { usage: o.usage, costNanoAiu: o.costNanoAiu };
}

/** The passthrough stream reader over SSE text: the usage tap, then the codecs' map-usage. */
function readStream(protocol: WireProtocol, text: string) {
  const tap = createUsageTap(TERMINAL[protocol]);
  for (const m of parseSSEText(text)) tap.frame(m.event, m.data);
  expect(tap.complete()).toBe(true);
  return outcomeOf(usageFromWire(protocol, tap.usage(), tap.copilotUsage()));
}

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

const prices = createPriceTable();
const long = `${'lorem ipsum '.repeat(1200)} [[long:40]]`; // cached share + several stream chunks

const cases: { protocol: WireProtocol; path: string; model: string; body: (stream: boolean) => object }[] = [
  {
    protocol: 'openai-chat',
    path: '/chat/completions',
    model: 'gemini-3.1-pro-preview',
    body: (stream) => ({
      model: 'gemini-3.1-pro-preview',
      messages: [{ role: 'user', content: long }],
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }),
  },
  {
    protocol: 'anthropic',
    path: '/v1/messages',
    model: 'claude-opus-4.6',
    body: (stream) => ({
      model: 'claude-opus-4.6',
      max_tokens: 1000,
      messages: [{ role: 'user', content: long }],
      stream,
    }),
  },
  {
    protocol: 'openai-responses',
    path: '/responses',
    model: 'gpt-5.4',
    body: (stream) => ({ model: 'gpt-5.4', input: long, stream }),
  },
];

describe.each(cases)('$protocol ($path)', ({ protocol, path, model, body }) => {
  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'non-stream'}: reads the reported cost and it equals the estimate`, async () => {
      const res = await postJson(`${emu.copilotUrl}${path}`, token, body(stream));
      expect(res.status).toBe(200);
      const text = await res.text();
      const ctx = createCodecContext();
      let irUsage: IRUsage | undefined;
      let passthrough: ReturnType<typeof outcomeOf>;
      if (stream) {
        const decoder = EGRESS[protocol].createStreamDecoder(ctx);
        for (const m of parseSSEText(text)) {
          for (const ev of decoder.push(m)) if (ev.type === 'finish') irUsage = ev.usage;
        }
        for (const ev of decoder.end()) if (ev.type === 'finish') irUsage = ev.usage;
        passthrough = readStream(protocol, text);
      } else {
        irUsage = EGRESS[protocol].decodeResponse(JSON.parse(text), ctx).usage;
        passthrough = outcomeOf(usageOfBody(protocol, Buffer.from(text)));
      }
      const translated = outcomeOf(irUsage);
      expect(passthrough.costNanoAiu).toBeGreaterThan(0);
      expect(translated).toEqual(passthrough);
      const u = passthrough.usage!;
      expect(u.cachedInputTokens).toBeGreaterThan(0);
      expect(priceTokens(prices.find(model)!, u).nanoAiu).toBe(passthrough.costNanoAiu);
    });
  }
});

describe('cache writes', () => {
  it('prices an Anthropic cache_control prefix as a cache write, stream and non-stream', async () => {
    const system = [{ type: 'text', text: 'rules '.repeat(4000), cache_control: { type: 'ephemeral' } }];
    for (const stream of [false, true]) {
      const res = await postJson(`${emu.copilotUrl}/v1/messages`, token, {
        model: 'claude-sonnet-4.5',
        max_tokens: 100,
        system,
        messages: [{ role: 'user', content: 'hello' }],
        stream,
      });
      const text = await res.text();
      const { usage, costNanoAiu } = stream
        ? readStream('anthropic', text)
        : outcomeOf(usageOfBody('anthropic', Buffer.from(text)));
      expect(usage?.cacheWriteTokens).toBeGreaterThan(0);
      expect(usage!.inputTokens).toBeGreaterThanOrEqual(
        usage!.cacheWriteTokens! + (usage!.cachedInputTokens ?? 0),
      );
      const price = prices.find('claude-sonnet-4.5')!;
      expect(priceTokens(price, usage!).nanoAiu).toBe(costNanoAiu);
      // Priced at the cache-write rate, not as fresh input.
      expect(priceTokens({ ...price, cacheWrite: price.input }, usage!).nanoAiu).toBeLessThan(costNanoAiu!);
    }
  });
});

describe('usage readers', () => {
  it('report nothing rather than zero when an answer carried no usage', () => {
    expect(outcomeOf(usageOfBody('openai-chat', Buffer.from('{"choices":[]}')))).toEqual({
      usage: undefined,
      costNanoAiu: undefined,
    });
    expect(outcomeOf(undefined)).toEqual({ usage: undefined, costNanoAiu: undefined });
  });
});
