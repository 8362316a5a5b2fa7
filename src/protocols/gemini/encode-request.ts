// IR request → Gemini generateContent body (egress). Copilot has no Gemini endpoint, so this half
// serves the round-trip tests and fixtures; it is kept faithful anyway. Tool schemas go out as
// `parametersJsonSchema` (JSON Schema as is); `sanitizeSchemaForGemini` exists for `parameters`.
import type { CodecContext, TargetModel } from '../ir/codec.js';
import type { IREffort, IRMessage, IRRequest, IRToolChoice } from '../ir/types.js';
import { encodeMedia, encodeModelParts } from './encode-parts.js';
import type {
  GeminiContent,
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiThinkingLevel,
  GeminiTool,
  GeminiToolConfig,
} from './wire-types.js';

const MAX_STOP_SEQUENCES = 5;

const EFFORT_TO_LEVEL: Partial<Record<IREffort, GeminiThinkingLevel>> = {
  minimal: 'MINIMAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  xhigh: 'HIGH',
  max: 'HIGH',
};

export function encodeGeminiRequest(
  req: IRRequest,
  target: TargetModel,
  ctx: CodecContext,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: target.id, contents: encodeContents(req.messages, ctx) };
  if (req.system.length > 0) body.systemInstruction = { parts: req.system.map((p) => ({ text: p.text })) };
  const tools = encodeTools(req, ctx);
  if (tools.length > 0) body.tools = tools;
  const toolConfig = encodeToolChoice(req.toolChoice);
  if (toolConfig) body.toolConfig = toolConfig;
  const gc = encodeGenerationConfig(req, target, ctx);
  if (Object.keys(gc).length > 0) body.generationConfig = gc;
  warnUnsupported(req, ctx);
  return body;
}

function encodeContents(messages: IRMessage[], ctx: CodecContext): GeminiContent[] {
  const names = new Map<string, string>();
  const contents: GeminiContent[] = [];
  for (const msg of messages) {
    if (msg.role === 'assistant') {
      for (const p of msg.parts) if (p.type === 'tool-call') names.set(p.callId, p.name);
      contents.push({ role: 'model', parts: encodeModelParts(msg.parts, { includeThoughts: true }, ctx) });
      continue;
    }
    const parts: GeminiPart[] = [];
    for (const p of msg.parts) {
      if (p.type === 'tool-result') {
        const text = p.content
          .filter((c) => c.type === 'text')
          .map((c) => c.text)
          .join('\n');
        const media = p.content
          .filter((c) => c.type !== 'text')
          .map((c) => encodeMedia(c, ctx))
          .filter((m): m is GeminiPart => m !== undefined);
        parts.push({
          functionResponse: {
            id: p.callId,
            // Gemini requires a non-empty name (pitfall 2): recover it from the call.
            name: p.name ?? names.get(p.callId) ?? 'unknown_function',
            response: p.isError ? { error: text } : { output: text },
            ...(media.length > 0 ? { parts: media } : {}),
          },
        });
      } else if (p.type === 'text' || p.type === 'image' || p.type === 'file') {
        const enc = encodeMedia(p, ctx);
        if (enc) parts.push(enc);
      } else {
        ctx.warnings.push({
          code: 'dropped-content',
          message: `A ${p.type} part in a user turn was dropped`,
        });
      }
    }
    contents.push({ role: 'user', parts });
  }
  return contents;
}

function encodeTools(req: IRRequest, ctx: CodecContext): GeminiTool[] {
  // Tool order is kept; consecutive functions share one `functionDeclarations` entry.
  const out: GeminiTool[] = [];
  const declare = (decl: GeminiFunctionDeclaration) => {
    const last = out[out.length - 1];
    if (last?.functionDeclarations) last.functionDeclarations.push(decl);
    else out.push({ functionDeclarations: [decl] });
  };
  for (const tool of req.tools) {
    if (tool.kind === 'function') {
      declare(declaration(tool.name, tool.description, tool.parameters));
    } else if (tool.kind === 'custom') {
      // Freeform tools become a function with one string argument (pitfall 9).
      declare(
        declaration(tool.name, tool.description, {
          type: 'object',
          properties: { input: { type: 'string' } },
          required: ['input'],
        }),
      );
    } else if (tool.origin === 'gemini') {
      out.push(tool.raw as GeminiTool);
    } else {
      ctx.warnings.push({
        code: 'unsupported-tool',
        message: `The ${tool.type} tool has no Gemini equivalent and was dropped`,
      });
    }
  }
  return out;
}

function encodeToolChoice(choice: IRToolChoice | undefined): GeminiToolConfig | undefined {
  if (!choice) return undefined;
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
    case 'allowed':
      // VALIDATED is "auto, but only these functions" (AUTO does not take a name list).
      return {
        functionCallingConfig: {
          mode: choice.mode === 'required' ? 'ANY' : 'VALIDATED',
          allowedFunctionNames: choice.names,
        },
      };
  }
}

function encodeGenerationConfig(
  req: IRRequest,
  target: TargetModel,
  ctx: CodecContext,
): GeminiGenerationConfig {
  const gc: GeminiGenerationConfig = {};
  if (req.temperature !== undefined) gc.temperature = req.temperature;
  if (req.topP !== undefined) gc.topP = req.topP;
  if (req.topK !== undefined) gc.topK = req.topK;
  if (req.maxOutputTokens !== undefined) {
    gc.maxOutputTokens = req.maxOutputTokens;
    if (target.maxOutputTokens !== undefined && req.maxOutputTokens > target.maxOutputTokens) {
      gc.maxOutputTokens = target.maxOutputTokens;
      ctx.warnings.push({
        code: 'clamped',
        message: `maxOutputTokens clamped to ${target.maxOutputTokens} for ${target.id}`,
      });
    }
  }
  if (req.stop && req.stop.length > 0) {
    gc.stopSequences = req.stop.slice(0, MAX_STOP_SEQUENCES);
    if (req.stop.length > MAX_STOP_SEQUENCES) {
      ctx.warnings.push({
        code: 'clamped',
        message: `Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences; the rest were dropped`,
      });
    }
  }
  if (req.seed !== undefined) gc.seed = req.seed;
  if (req.presencePenalty !== undefined) gc.presencePenalty = req.presencePenalty;
  if (req.frequencyPenalty !== undefined) gc.frequencyPenalty = req.frequencyPenalty;
  if (req.n !== undefined && req.n > 1) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'Only one candidate is supported; n was ignored',
    });
  }
  const fmt = req.responseFormat;
  if (fmt?.type === 'json_object') gc.responseMimeType = 'application/json';
  else if (fmt?.type === 'json_schema') {
    gc.responseMimeType = 'application/json';
    gc.responseJsonSchema = fmt.schema;
  }
  const r = req.reasoning;
  if (r) {
    const tc: NonNullable<GeminiGenerationConfig['thinkingConfig']> = {};
    if (r.includeThoughts !== undefined) tc.includeThoughts = r.includeThoughts;
    // Gemini rejects thinkingBudget together with thinkingLevel: a budget wins when both are known.
    if (r.enabled === false || r.effort === 'none') tc.thinkingBudget = 0;
    else if (r.budgetTokens !== undefined) tc.thinkingBudget = r.budgetTokens;
    else if (r.effort && EFFORT_TO_LEVEL[r.effort]) tc.thinkingLevel = EFFORT_TO_LEVEL[r.effort];
    else if (r.adaptive) tc.thinkingBudget = -1;
    if (r.summary !== undefined && r.summary !== 'none') {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: 'Reasoning summary mode has no Gemini equivalent',
      });
    }
    if (Object.keys(tc).length > 0) gc.thinkingConfig = tc;
  }
  return gc;
}

function warnUnsupported(req: IRRequest, ctx: CodecContext): void {
  const ignored: Array<[string, unknown]> = [
    ['verbosity', req.verbosity],
    ['metadata', req.metadata],
    ['user', req.user],
    ['promptCacheKey', req.promptCacheKey],
    ['previousResponseId', req.previousResponseId],
    ['serviceTier', req.serviceTier],
  ];
  for (const [name, value] of ignored) {
    if (value !== undefined)
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `${name} has no Gemini equivalent and was ignored`,
      });
  }
  if (req.parallelToolCalls === false) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'Gemini cannot disable parallel function calls',
    });
  }
}

/** `{ name, description?, parametersJsonSchema }` in that order, as two literals (a spread between
 * literal keys takes V8's slow object-building path). */
function declaration(
  name: string,
  description: string | undefined,
  parametersJsonSchema: GeminiFunctionDeclaration['parametersJsonSchema'],
): GeminiFunctionDeclaration {
  return description !== undefined
    ? { name, description, parametersJsonSchema }
    : { name, parametersJsonSchema };
}
