import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC_DRIFT_RULES,
  anthropicBodyDrifts,
  anthropicBodyMayDrift,
  shieldAnthropicBody,
} from './anthropic-shield.js';
import type { Json } from './drift-rule.js';

const tool = (extra: Json = {}): Json => ({
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object', properties: { path: { type: 'string' } } },
  ...extra,
});
const base = (extra: Json = {}): Json => ({
  model: 'claude-sonnet-4.5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

// One body per rule: the field it removes, and what must remain.
const CASES: Array<{ field: string; body: Json; after: (b: Json) => void }> = [
  {
    field: 'tools[].eager_input_streaming',
    body: base({ tools: [tool({ eager_input_streaming: true }), tool()] }),
    after: (b) => expect(b.tools).toEqual([tool(), tool()]),
  },
  {
    field: 'tools[].custom.eager_input_streaming',
    body: base({ tools: [tool({ custom: { eager_input_streaming: true } })] }),
    after: (b) => expect(b.tools).toEqual([tool()]),
  },
  {
    field: 'context_management',
    body: base({ context_management: { edits: [{ type: 'clear_thinking_20251015' }] } }),
    after: (b) => expect(b).toEqual(base()),
  },
  {
    field: 'system[].cache_control.scope',
    body: base({
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', scope: 'global' } }],
    }),
    after: (b) =>
      expect(b.system).toEqual([{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }]),
  },
  {
    field: 'tools[].defer_loading',
    body: base({ tools: [tool({ defer_loading: true })] }),
    after: (b) => expect(b.tools).toEqual([tool()]),
  },
  {
    field: 'tools[].input_examples',
    body: base({ tools: [tool({ input_examples: [{ path: '/a' }] })] }),
    after: (b) => expect(b.tools).toEqual([tool()]),
  },
  {
    field: 'output_config.format',
    body: base({ output_config: { effort: 'high', format: { type: 'json_schema', schema: {} } } }),
    after: (b) => {
      expect(b.output_config).toEqual({ effort: 'high' });
      expect(b.system).toEqual([
        {
          type: 'text',
          text: 'Respond with only a JSON value (no prose, no code fence) that matches this JSON Schema: {}',
        },
      ]);
    },
  },
  {
    field: 'tools[].strict',
    body: base({ tools: [tool({ strict: true })] }),
    after: (b) => expect(b.tools).toEqual([tool()]),
  },
];

describe('shieldAnthropicBody', () => {
  it('has a case for every rule', () => {
    expect(CASES.map((c) => c.field).sort()).toEqual(ANTHROPIC_DRIFT_RULES.map((r) => r.field).sort());
  });

  for (const c of CASES) {
    it(`removes ${c.field} and reports it`, () => {
      const raw = JSON.stringify(c.body);
      expect(anthropicBodyMayDrift(raw)).toBe(true);
      // The test on a parsed body finds it too, and changes nothing.
      const probe = JSON.parse(raw);
      expect(anthropicBodyDrifts(probe)).toBe(true);
      expect(probe).toEqual(c.body);
      expect(anthropicBodyMayDrift(Buffer.from(raw))).toBe(true);
      const { body, removed } = shieldAnthropicBody(JSON.parse(raw));
      expect(removed).toEqual([c.field]);
      c.after(body);
    });
  }

  it('drops output_config when format was all it held; a string system prompt becomes blocks', () => {
    const { body } = shieldAnthropicBody(
      base({
        system: 'Be brief',
        output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
      }),
    );
    expect(body).not.toHaveProperty('output_config');
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief' },
      { type: 'text', text: expect.stringContaining('{"type":"object"}') },
    ]);
  });

  it('reports several fields at once, in rule order', () => {
    const { removed } = shieldAnthropicBody(
      base({ context_management: {}, tools: [tool({ strict: true, defer_loading: true })] }),
    );
    expect(removed).toEqual(['context_management', 'tools[].defer_loading', 'tools[].strict']);
  });

  it('finds nothing to do on a plain body, by the byte scan alone', () => {
    const raw = JSON.stringify(
      base({ tools: [tool()], system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }),
    );
    expect(anthropicBodyMayDrift(raw)).toBe(false);
    expect(anthropicBodyDrifts(JSON.parse(raw))).toBe(false);
  });

  it('leaves a schema property of the same name alone (the scan may hit, the rules do not)', () => {
    const body = base({
      tools: [tool({ input_schema: { type: 'object', properties: { strict: { type: 'boolean' } } } })],
    });
    expect(anthropicBodyMayDrift(JSON.stringify(body))).toBe(true);
    expect(shieldAnthropicBody(body).removed).toEqual([]);
  });
});
