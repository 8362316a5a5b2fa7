import { describe, expect, it } from 'vitest';
import type { IRRequest, IRResponse, IRStreamEvent } from '../ir/types.js';
import {
  CustomToolStreamUnwrapper,
  unwrapCustomInput,
  unwrapCustomToolCalls,
  wrapCustomInput,
} from './custom-tools.js';

const req: Pick<IRRequest, 'tools'> = {
  tools: [
    { kind: 'custom', name: 'apply_patch' },
    { kind: 'function', name: 'read', parameters: { type: 'object' } },
  ],
};

describe('custom tools', () => {
  it('wraps and unwraps raw input', () => {
    const raw = '*** Begin Patch\n+ "quoted"\n*** End Patch';
    expect(unwrapCustomInput(wrapCustomInput(raw))).toBe(raw);
    expect(unwrapCustomInput('not json')).toBe('not json');
    expect(unwrapCustomInput('{"other":1}')).toBe('{"other":1}');
  });

  it('unwraps the calls of custom tools in a response, leaving function calls alone', () => {
    const res: IRResponse = {
      id: 'r',
      model: 'm',
      created: 0,
      finishReason: 'tool-calls',
      parts: [
        {
          type: 'tool-call',
          callId: 'a',
          name: 'apply_patch',
          arguments: '{"input":"diff"}',
          kind: 'function',
        },
        { type: 'tool-call', callId: 'b', name: 'read', arguments: '{"input":"x"}', kind: 'function' },
      ],
    };
    expect(unwrapCustomToolCalls(res, req).parts).toEqual([
      { type: 'tool-call', callId: 'a', name: 'apply_patch', arguments: 'diff', kind: 'custom' },
      { type: 'tool-call', callId: 'b', name: 'read', arguments: '{"input":"x"}', kind: 'function' },
    ]);
  });

  it('buffers a streamed custom call and releases the unwrapped input at its end', () => {
    const u = new CustomToolStreamUnwrapper(req);
    const events: IRStreamEvent[] = [
      { type: 'tool-call-start', id: 't', callId: 'a', name: 'apply_patch', kind: 'function' },
      { type: 'tool-call-delta', id: 't', delta: '{"input":"di' },
      { type: 'tool-call-delta', id: 't', delta: 'ff"}' },
      { type: 'tool-call-end', id: 't' },
      { type: 'tool-call-start', id: 'u', callId: 'b', name: 'read', kind: 'function' },
      { type: 'tool-call-delta', id: 'u', delta: '{}' },
    ];
    expect(events.flatMap((e) => u.push(e))).toEqual([
      { type: 'tool-call-start', id: 't', callId: 'a', name: 'apply_patch', kind: 'custom' },
      { type: 'tool-call-delta', id: 't', delta: 'diff' },
      { type: 'tool-call-end', id: 't' },
      { type: 'tool-call-start', id: 'u', callId: 'b', name: 'read', kind: 'function' },
      { type: 'tool-call-delta', id: 'u', delta: '{}' },
    ]);
  });
});
