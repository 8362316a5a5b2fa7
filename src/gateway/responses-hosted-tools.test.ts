import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { screenHostedTools } from './responses-hosted-tools.js';

const fn = { type: 'function', name: 'f', parameters: { type: 'object', properties: {} } };

describe('screenHostedTools', () => {
  it('leaves function and custom tools alone', () => {
    const body = { tools: [fn, { type: 'custom', name: 'apply_patch' }] };
    expect(screenHostedTools(body)).toEqual({ warnings: [], changed: false });
    expect(body.tools).toHaveLength(2);
  });

  it('drops web_search variants and namespace tools with one warning each', () => {
    const body: Record<string, unknown> = {
      tools: [
        { type: 'web_search' },
        fn,
        { type: 'web_search_preview' },
        { type: 'namespace', name: 'multi_agent_v1' },
      ],
    };
    const r = screenHostedTools(body);
    expect(r.changed).toBe(true);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[2]).toContain('multi_agent_v1');
    expect(body.tools).toEqual([fn]);
  });

  it('removes tools and tool_choice when nothing is left', () => {
    const body: Record<string, unknown> = { tools: [{ type: 'web_search' }], tool_choice: 'auto' };
    screenHostedTools(body);
    expect(body).toEqual({});
  });

  it.each([
    'file_search',
    'code_interpreter',
    'computer_use_preview',
    'image_generation',
    'mcp',
    'local_shell',
  ])('rejects %s with a 400 naming it', (type) => {
    let err: unknown;
    try {
      screenHostedTools({ tools: [fn, { type }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).status).toBe(400);
    expect((err as GatewayError).param).toBe('tools[1]');
    expect((err as GatewayError).message).toContain(type);
  });

  it('rejects a tool_choice that forces a dropped tool', () => {
    expect(() =>
      screenHostedTools({ tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } }),
    ).toThrow(/tool_choice/);
  });
});
