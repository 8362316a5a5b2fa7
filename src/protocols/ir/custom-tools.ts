// Copilot's /chat/completions and /v1/messages know only function tools, so a custom (freeform)
// tool such as Codex's apply_patch travels as a function with one string property `input`
// (pitfall 9). These helpers do the wrapping on the way out (egress encoders) and the unwrapping
// of the model's calls on the way back; the unwrapping needs the IR request (which tools were
// custom), so the pipeline applies `unwrapCustomToolCalls` / `CustomToolStreamUnwrapper` to what
// those egress decoders produce.
import type { IRCustomTool, IRRequest, IRResponse, IRStreamEvent } from './types.js';

export const CUSTOM_INPUT_PROPERTY = 'input';

export function customToolParameters(tool: IRCustomTool): Record<string, unknown> {
  const described = tool.format
    ? `Raw input for the tool (format: ${JSON.stringify(tool.format)})`
    : 'Raw input';
  return {
    type: 'object',
    properties: { [CUSTOM_INPUT_PROPERTY]: { type: 'string', description: described } },
    required: [CUSTOM_INPUT_PROPERTY],
    additionalProperties: false,
  };
}

export function wrapCustomInput(input: string): string {
  return JSON.stringify({ [CUSTOM_INPUT_PROPERTY]: input });
}

/** `{"input":"…"}` → the raw input; anything else (a model that ignored the schema) stays as is. */
export function unwrapCustomInput(args: string): string {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const value = (parsed as Record<string, unknown>)[CUSTOM_INPUT_PROPERTY];
      if (typeof value === 'string') return value;
    }
  } catch {
    // Not JSON: the model wrote the raw input directly.
  }
  return args;
}

export function customToolNames(req: Pick<IRRequest, 'tools'>): Set<string> {
  return new Set(req.tools.filter((t) => t.kind === 'custom').map((t) => t.name));
}

/** Marks calls of custom tools as `custom` and unwraps their arguments. */
export function unwrapCustomToolCalls(res: IRResponse, req: Pick<IRRequest, 'tools'>): IRResponse {
  const custom = customToolNames(req);
  if (custom.size === 0) return res;
  return {
    ...res,
    parts: res.parts.map((p) =>
      p.type === 'tool-call' && p.kind === 'function' && custom.has(p.name)
        ? { ...p, kind: 'custom' as const, arguments: unwrapCustomInput(p.arguments) }
        : p,
    ),
  };
}

/**
 * The streaming counterpart: argument deltas of a custom tool's call are held back (partial JSON
 * cannot be unwrapped) and released as one delta of raw input when the call ends. Other events
 * pass through untouched.
 */
export class CustomToolStreamUnwrapper {
  private readonly custom: Set<string>;
  private readonly buffers = new Map<string, string>();

  constructor(req: Pick<IRRequest, 'tools'>) {
    this.custom = customToolNames(req);
  }

  push(ev: IRStreamEvent): IRStreamEvent[] {
    if (this.custom.size === 0) return [ev];
    if (ev.type === 'tool-call-start' && ev.kind === 'function' && this.custom.has(ev.name)) {
      this.buffers.set(ev.id, '');
      return [{ ...ev, kind: 'custom' }];
    }
    if (ev.type === 'tool-call-delta' && this.buffers.has(ev.id)) {
      this.buffers.set(ev.id, this.buffers.get(ev.id) + ev.delta);
      return [];
    }
    if (ev.type === 'tool-call-end' && this.buffers.has(ev.id)) {
      const input = unwrapCustomInput(this.buffers.get(ev.id) ?? '');
      this.buffers.delete(ev.id);
      return input ? [{ type: 'tool-call-delta', id: ev.id, delta: input }, ev] : [ev];
    }
    return [ev];
  }
}
