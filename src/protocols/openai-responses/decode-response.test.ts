import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import { decodeResponse } from './decode-response.js';

const body = JSON.parse(
  readFileSync(new URL('./__fixtures__/copilot-response.json', import.meta.url), 'utf8'),
);

describe('decodeResponse (Copilot /responses)', () => {
  it('decodes reasoning, text and custom tool calls with usage', () => {
    const res = decodeResponse(body, createTestCodecContext());
    expect(res).toEqual({
      id: 'resp_Y2hhdGNtcGwtQ29waWxvdC1ub25zdHJlYW0tb3BhcXVlLWlkLTAy',
      model: 'gpt-5-codex',
      created: 1767225601,
      parts: [
        {
          type: 'reasoning',
          text: '**Planning**',
          summary: ['**Planning**'],
          encryptedContent: 'gAAAAABpNonStreamOpaque==',
        },
        { type: 'text', text: "I'll patch the file." },
        {
          type: 'tool-call',
          callId: 'call_Pq7',
          name: 'apply_patch',
          arguments: '*** Begin Patch\n*** End Patch\n',
          kind: 'custom',
        },
      ],
      finishReason: 'tool-calls',
      usage: {
        inputTokens: 900,
        outputTokens: 120,
        cachedInputTokens: 512,
        reasoningTokens: 80,
        copilotUsage: { total_nano_aiu: 0, token_details: [] },
      },
    });
  });

  it('maps incomplete and failed bodies', () => {
    const ctx = createTestCodecContext();
    const incomplete = decodeResponse(
      { ...body, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] },
      ctx,
    );
    expect(incomplete.finishReason).toBe('content-filter');
    expect(() =>
      decodeResponse(
        { ...body, status: 'failed', error: { code: 'server_is_overloaded', message: 'busy' } },
        ctx,
      ),
    ).toThrow(expect.objectContaining({ kind: 'overloaded' }));
    expect(() => decodeResponse('<html>', ctx)).toThrow(GatewayError);
  });

  it('stringifies object arguments and warns about untranslatable items', () => {
    const ctx = createTestCodecContext();
    const res = decodeResponse(
      {
        id: 'r',
        model: 'm',
        status: 'completed',
        output: [
          { type: 'function_call', call_id: 'c', name: 'f', arguments: { a: 1 } },
          { type: 'web_search_call', id: 'ws' },
        ],
      },
      ctx,
    );
    expect(res.parts).toEqual([
      { type: 'tool-call', callId: 'c', name: 'f', arguments: '{"a":1}', kind: 'function' },
    ]);
    expect(res.created).toBe(ctx.now);
    expect(ctx.warnings).toHaveLength(1);
  });
});
