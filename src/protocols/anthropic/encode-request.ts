// IR request → Copilot `/v1/messages` body (egress). Enforces the Anthropic rules other
// protocols do not have: results-first user turns, signed thinking only, no empty text blocks,
// max_tokens always present, thinking budget limits, ≤4 cache_control breakpoints.
import type { CodecContext, TargetModel } from '../ir/codec.js';
import { effortToBudget } from '../ir/effort-budget.js';
import { normaliseMediaType, parseDataUrl } from '../ir/media.js';
import type {
  IRContentPart,
  IREffort,
  IRMediaSource,
  IRMessage,
  IRPart,
  IRReasoningConfig,
  IRRequest,
  IRTool,
} from '../ir/types.js';
import { toolId, toolInput } from './tool-input.js';

type Obj = Record<string, unknown>;

const MIN_THINKING_BUDGET = 1024;
/** Used only when neither the client nor the model catalogue says how long the answer may be. */
const FALLBACK_MAX_TOKENS = 8192;
const MAX_CACHE_BREAKPOINTS = 4;
const ANTHROPIC_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function anthropicMeta(meta: IRPart['meta'] | undefined): Obj | undefined {
  return meta?.anthropic;
}

function cacheControlOf(meta: IRPart['meta'] | undefined): Obj {
  const cc = anthropicMeta(meta)?.cache_control;
  return cc === undefined ? {} : { cache_control: cc };
}

/** data: URLs become base64 sources, which every Anthropic model accepts. */
function mediaSource(src: IRMediaSource): Obj {
  if (src.kind === 'base64')
    return { type: 'base64', media_type: normaliseMediaType(src.mediaType), data: src.data };
  if (src.kind === 'file-id') return { type: 'file', file_id: src.fileId };
  const inline = parseDataUrl(src.url);
  if (inline?.kind === 'base64') return { type: 'base64', media_type: inline.mediaType, data: inline.data };
  return { type: 'url', url: src.url };
}

function encodeContentPart(part: IRContentPart, ctx: CodecContext, where: string): Obj | undefined {
  const am = anthropicMeta(part.meta);
  if (part.type === 'text') {
    // Anthropic rejects empty/whitespace text blocks ("text content blocks must be non-empty").
    if (part.text.trim() === '') return undefined;
    if (am?.searchResult) return am.searchResult as Obj;
    const block: Obj = { type: 'text', text: part.text, ...cacheControlOf(part.meta) };
    if (am?.citations !== undefined) block.citations = am.citations;
    return block;
  }
  if (part.type === 'image') {
    const source = mediaSource(part.source);
    if (source.type === 'base64' && !ANTHROPIC_IMAGE_TYPES.has(source.media_type as string)) {
      ctx.warnings.push({
        code: 'dropped-content',
        message: `${where}: image type ${String(source.media_type)} is not supported by Anthropic models; dropped`,
      });
      return undefined;
    }
    return { type: 'image', source, ...cacheControlOf(part.meta) };
  }
  // file → document (PDF or plain text) or image.
  const mediaType = normaliseMediaType(
    part.source.kind === 'base64' ? part.source.mediaType : (part.source.mediaType ?? 'application/pdf'),
  );
  if (ANTHROPIC_IMAGE_TYPES.has(mediaType)) return encodeContentPart({ ...part, type: 'image' }, ctx, where);
  let source: Obj;
  if (am?.contentSource) source = am.contentSource as Obj;
  else if (mediaType.startsWith('text/') && part.source.kind === 'base64') {
    source = {
      type: 'text',
      media_type: 'text/plain',
      data: Buffer.from(part.source.data, 'base64').toString('utf8'),
    };
  } else if (mediaType === 'application/pdf' || part.source.kind === 'file-id') {
    source = mediaSource(part.source);
  } else {
    ctx.warnings.push({
      code: 'dropped-content',
      message: `${where}: file type ${mediaType} cannot be sent to an Anthropic model (PDF and plain text only); dropped`,
    });
    return undefined;
  }
  const block: Obj = { type: 'document', source, ...cacheControlOf(part.meta) };
  if (part.filename) block.title = part.filename;
  if (am?.context !== undefined) block.context = am.context;
  if (am?.citations !== undefined) block.citations = am.citations;
  return block;
}

function encodeToolResultContent(
  content: IRContentPart[],
  ctx: CodecContext,
  where: string,
): string | Obj[] | undefined {
  const blocks = content.map((p) => encodeContentPart(p, ctx, where)).filter((b): b is Obj => !!b);
  if (blocks.length === 0) return undefined;
  const only = blocks[0]!;
  if (blocks.length === 1 && only.type === 'text' && Object.keys(only).length === 2)
    return only.text as string;
  return blocks;
}

/** One IR part → zero or one Anthropic block. */
function encodePart(
  part: IRPart,
  role: 'user' | 'assistant',
  ctx: CodecContext,
  where: string,
): Obj | undefined {
  switch (part.type) {
    case 'text':
    case 'image':
    case 'file':
      return encodeContentPart(part, ctx, where);
    case 'reasoning':
      if (role !== 'assistant') return undefined;
      if (part.redactedData) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.signature) return { type: 'thinking', thinking: part.text, signature: part.signature };
      // Unsigned or foreign (encrypted_content, other providers) reasoning would be rejected
      // ("Invalid signature in thinking block"), so it is left out.
      ctx.warnings.push({
        code: 'dropped-content',
        message: `${where}: reasoning without an Anthropic signature cannot be replayed to a Claude model; dropped`,
      });
      return undefined;
    case 'tool-call':
      return {
        type: 'tool_use',
        id: toolId(part.callId),
        name: part.name,
        input: toolInput(part, () =>
          ctx.warnings.push({
            code: 'other',
            message: `${where}: tool-call arguments are not a JSON object; sent as {"input": <text>}`,
          }),
        ),
        ...cacheControlOf(part.meta),
      };
    case 'tool-result': {
      const block: Obj = { type: 'tool_result', tool_use_id: toolId(part.callId) };
      const content = encodeToolResultContent(part.content, ctx, where);
      if (content !== undefined) block.content = content;
      if (part.isError) block.is_error = true;
      const cc = anthropicMeta(part.meta)?.cache_control;
      if (cc !== undefined) block.cache_control = cc;
      return block;
    }
  }
}

function orderBlocks(role: 'user' | 'assistant', blocks: Obj[]): Obj[] {
  const first = role === 'user' ? ['tool_result'] : ['thinking', 'redacted_thinking'];
  // An assistant turn that already opens with thinking keeps its order (interleaved thinking
  // between blocks is the model's own and is signed as such).
  if (role === 'assistant' && first.includes(blocks[0]?.type as string)) return blocks;
  // Stable partition: tool results open a user turn (pitfall 1); thinking opens an assistant turn.
  return [
    ...blocks.filter((b) => first.includes(b.type as string)),
    ...blocks.filter((b) => !first.includes(b.type as string)),
  ];
}

function encodeMessages(messages: IRMessage[], ctx: CodecContext): Obj[] {
  const merged: Array<{ role: 'user' | 'assistant'; blocks: Obj[] }> = [];
  messages.forEach((m, i) => {
    const blocks = m.parts
      .map((p, j) => encodePart(p, m.role, ctx, `messages.${i}.parts.${j}`))
      .filter((b): b is Obj => !!b);
    if (blocks.length === 0) return;
    const last = merged[merged.length - 1];
    if (last && last.role === m.role) last.blocks.push(...blocks);
    else merged.push({ role: m.role, blocks });
  });
  const out: Obj[] = [];
  for (const m of merged) {
    let blocks = orderBlocks(m.role, m.blocks);
    if (
      m.role === 'assistant' &&
      blocks.every((b) => b.type === 'thinking' || b.type === 'redacted_thinking')
    ) {
      // "The final block in an assistant message cannot be `thinking`".
      ctx.warnings.push({
        code: 'dropped-content',
        message: 'an assistant turn holding only thinking was dropped',
      });
      blocks = [];
    }
    if (blocks.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === m.role) (prev.content as Obj[]).push(...blocks);
    else out.push({ role: m.role, content: blocks });
  }
  return out;
}

/** Exposes freeform tools as functions taking one string so any Claude model can call them. */
function encodeTools(tools: IRTool[], ctx: CodecContext): Obj[] {
  const out: Obj[] = [];
  for (const t of tools) {
    if (t.kind === 'function') {
      const tool: Obj = { name: t.name };
      if (t.description) tool.description = t.description;
      tool.input_schema = t.parameters;
      if (t.strict !== undefined) tool.strict = t.strict;
      Object.assign(tool, t.meta?.anthropic);
      out.push(tool);
    } else if (t.kind === 'custom') {
      const tool: Obj = { name: t.name };
      if (t.description) tool.description = t.description;
      tool.input_schema = {
        type: 'object',
        properties: { input: { type: 'string', description: 'The raw input for this tool.' } },
        required: ['input'],
      };
      out.push(tool);
    } else if (t.origin === 'anthropic') out.push(t.raw);
    else
      ctx.warnings.push({
        code: 'unsupported-tool',
        message: `built-in tool ${t.type} (${t.origin}) has no Anthropic equivalent; dropped`,
      });
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function resolveMaxTokens(ir: IRRequest, target: TargetModel, ctx: CodecContext): number {
  let max = ir.maxOutputTokens ?? target.maxOutputTokens ?? FALLBACK_MAX_TOKENS;
  if (target.maxOutputTokens !== undefined && max > target.maxOutputTokens) {
    ctx.warnings.push({
      code: 'clamped',
      message: `max_tokens ${max} exceeds ${target.id}'s limit; clamped to ${target.maxOutputTokens}`,
    });
    max = target.maxOutputTokens;
  }
  if (
    !ir.stream &&
    target.maxNonStreamingOutputTokens !== undefined &&
    max > target.maxNonStreamingOutputTokens
  ) {
    if (ir.maxOutputTokens !== undefined)
      ctx.warnings.push({
        code: 'clamped',
        message: `max_tokens clamped to ${target.maxNonStreamingOutputTokens} for a non-streaming request`,
      });
    max = target.maxNonStreamingOutputTokens;
  }
  return max;
}

type Thinking = { thinking?: Obj; effort?: string };

function anthropicEffort(e: IREffort, ctx: CodecContext, target: TargetModel): string {
  if (e === 'minimal') {
    ctx.warnings.push({ code: 'clamped', message: 'reasoning effort "minimal" sent as "low"' });
    return 'low';
  }
  if (target.reasoningEfforts?.length && !target.reasoningEfforts.includes(e)) {
    const fallback = target.reasoningEfforts[target.reasoningEfforts.length - 1]!;
    ctx.warnings.push({
      code: 'clamped',
      message: `reasoning effort "${e}" not offered by ${target.id}; sent "${fallback}"`,
    });
    return fallback;
  }
  return e;
}

function resolveThinking(
  r: IRReasoningConfig | undefined,
  maxTokens: number,
  target: TargetModel,
  ctx: CodecContext,
): Thinking {
  if (!r || r.enabled === false || r.effort === 'none') return {};
  if (r.enabled === undefined && r.effort === undefined && r.budgetTokens === undefined && !r.adaptive)
    return {};
  const display = r.includeThoughts === false ? { display: 'omitted' } : {};
  if (target.adaptiveThinking && r.budgetTokens === undefined && (r.adaptive || r.effort !== undefined)) {
    const out: Thinking = { thinking: { type: 'adaptive', ...display } };
    if (r.effort) out.effort = anthropicEffort(r.effort, ctx, target);
    return out;
  }
  // The shared effort → budget policy (client-protocols.md §5); medium when only 'enabled' was said.
  let budget = r.budgetTokens ?? effortToBudget(r.effort ?? 'medium');
  const min = Math.max(MIN_THINKING_BUDGET, target.minThinkingBudget ?? 0);
  const max = Math.min(target.maxThinkingBudget ?? Number.MAX_SAFE_INTEGER, maxTokens - 1);
  if (max < min) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: `thinking disabled: max_tokens ${maxTokens} leaves no room for the minimum thinking budget of ${min}`,
    });
    return {};
  }
  const clamped = clamp(budget, min, max);
  if (clamped !== budget && r.budgetTokens !== undefined)
    ctx.warnings.push({ code: 'clamped', message: `thinking budget ${budget} clamped to ${clamped}` });
  budget = clamped;
  const out: Thinking = { thinking: { type: 'enabled', budget_tokens: budget, ...display } };
  // Models with an effort knob (reasoning_effort in the catalogue) take it beside the budget.
  if (r.effort && target.reasoningEfforts?.includes(r.effort)) out.effort = r.effort;
  else if (r.effort && r.budgetTokens !== undefined)
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: `reasoning effort "${r.effort}" not offered by ${target.id}; the thinking budget alone applies`,
    });
  return out;
}

/**
 * With thinking on, Anthropic requires the assistant turn whose tool calls are being answered to
 * open with its original thinking block ("Expected `thinking` or `redacted_thinking`, but found
 * `tool_use`"). When that state was lost (history from another provider), thinking must be off.
 */
function thinkingStateIntact(messages: Obj[]): boolean {
  const last = messages[messages.length - 1];
  const first = (last?.content as Obj[] | undefined)?.[0];
  if (last?.role !== 'user' || first?.type !== 'tool_result') return true;
  const assistant = messages[messages.length - 2];
  if (assistant?.role !== 'assistant') return true;
  const blocks = assistant.content as Obj[];
  if (!blocks.some((b) => b.type === 'tool_use')) return true;
  return blocks[0]?.type === 'thinking' || blocks[0]?.type === 'redacted_thinking';
}

/** Removes cache_control beyond the API limit of 4, keeping the last ones (they cover the longest prefix). */
function limitCacheControl(body: Obj, ctx: CodecContext): void {
  const holders: Obj[] = [];
  for (const t of (body.tools as Obj[] | undefined) ?? []) if (t.cache_control) holders.push(t);
  if (Array.isArray(body.system)) for (const b of body.system as Obj[]) if (b.cache_control) holders.push(b);
  for (const m of body.messages as Obj[])
    for (const b of m.content as Obj[]) {
      if (b.cache_control) holders.push(b);
      if (Array.isArray(b.content)) for (const c of b.content as Obj[]) if (c.cache_control) holders.push(c);
    }
  const excess = holders.length - MAX_CACHE_BREAKPOINTS;
  if (excess <= 0) return;
  for (const h of holders.slice(0, excess)) delete h.cache_control;
  ctx.warnings.push({
    code: 'clamped',
    message: `${excess} cache_control breakpoint(s) beyond the limit of 4 removed`,
  });
}

export function encodeAnthropicRequest(ir: IRRequest, target: TargetModel, ctx: CodecContext): Obj {
  const body: Obj = { model: target.id };
  const maxTokens = resolveMaxTokens(ir, target, ctx);
  body.max_tokens = maxTokens;

  const system = ir.system.map((p) => encodeContentPart(p, ctx, 'system')).filter((b): b is Obj => !!b);
  if (system.length) body.system = system;
  body.messages = encodeMessages(ir.messages, ctx);

  const tools = encodeTools(ir.tools, ctx);
  if (tools.length) body.tools = tools;

  let { thinking, effort } = resolveThinking(ir.reasoning, maxTokens, target, ctx);
  if (thinking && !thinkingStateIntact(body.messages as Obj[])) {
    ctx.warnings.push({
      code: 'unsupported-setting',
      message:
        'thinking disabled for this request: the tool-calling assistant turn has no signed thinking block to replay (it came from another model or protocol)',
    });
    thinking = undefined;
    effort = undefined;
  }
  if (thinking) body.thinking = thinking;

  let choice: Obj | undefined;
  if (tools.length && ir.toolChoice) {
    const tc = ir.toolChoice;
    if (tc.type === 'auto') choice = { type: 'auto' };
    else if (tc.type === 'none') choice = { type: 'none' };
    else if (tc.type === 'required') choice = { type: 'any' };
    else if (tc.type === 'tool') choice = { type: 'tool', name: tc.name };
    else {
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: 'an allowed-tools list cannot be expressed for Anthropic models; all tools stay available',
      });
      choice =
        tc.names.length === 1 && tc.mode === 'required'
          ? { type: 'tool', name: tc.names[0] }
          : { type: tc.mode === 'required' ? 'any' : 'auto' };
    }
    if (thinking && (choice.type === 'any' || choice.type === 'tool')) {
      // "Thinking may not be enabled when tool_choice forces tool use".
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: 'forced tool_choice downgraded to auto because thinking is on',
      });
      choice = { type: 'auto' };
    }
  }
  if (tools.length && ir.parallelToolCalls === false) {
    choice ??= { type: 'auto' };
    if (choice.type !== 'none') choice.disable_parallel_tool_use = true;
  }
  if (choice) body.tool_choice = choice;

  if (ir.temperature !== undefined) {
    if (thinking) {
      if (ir.temperature !== 1)
        ctx.warnings.push({
          code: 'unsupported-setting',
          message: 'temperature dropped: Claude thinking requires the default',
        });
    } else {
      const t = clamp(ir.temperature, 0, 1);
      if (t !== ir.temperature)
        ctx.warnings.push({ code: 'clamped', message: `temperature ${ir.temperature} clamped to ${t}` });
      body.temperature = t;
    }
  }
  if (ir.topP !== undefined) {
    if (thinking && ir.topP < 0.95)
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: 'top_p dropped: thinking needs top_p ≥ 0.95',
      });
    else body.top_p = ir.topP;
  }
  if (ir.topK !== undefined) {
    if (thinking)
      ctx.warnings.push({ code: 'unsupported-setting', message: 'top_k dropped: not allowed with thinking' });
    else body.top_k = ir.topK;
  }
  if (ir.stop?.length) body.stop_sequences = ir.stop;

  const outputConfig: Obj = {
    ...((ir.meta?.anthropic?.extra as Obj | undefined)?.output_config as Obj | undefined),
  };
  if (effort) outputConfig.effort = effort;
  if (ir.responseFormat?.type === 'json_schema')
    outputConfig.format = { type: 'json_schema', schema: ir.responseFormat.schema };
  else if (ir.responseFormat?.type === 'json_object')
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'response_format json_object has no Anthropic equivalent without a schema; dropped',
    });

  if (ir.user) body.metadata = { user_id: ir.user };
  body.stream = ir.stream;

  // Beta fields that came from an Anthropic client (context_management, mcp_servers, container…).
  const extra = ir.meta?.anthropic?.extra as Obj | undefined;
  if (extra)
    for (const [k, v] of Object.entries(extra)) if (k !== 'output_config' && !(k in body)) body[k] = v;
  if (Object.keys(outputConfig).length) body.output_config = outputConfig;
  if (ir.serviceTier && extra) body.service_tier = ir.serviceTier;

  const unsupported: Array<[string, unknown]> = [
    ['seed', ir.seed],
    ['presence_penalty', ir.presencePenalty],
    ['frequency_penalty', ir.frequencyPenalty],
    ['verbosity', ir.verbosity],
    ['previous_response_id', ir.previousResponseId],
    ['metadata (other than user)', ir.metadata && Object.keys(ir.metadata).length ? ir.metadata : undefined],
  ];
  for (const [name, v] of unsupported)
    if (v !== undefined)
      ctx.warnings.push({
        code: 'unsupported-setting',
        message: `${name} is not supported by Anthropic models; dropped`,
      });
  if (ir.n !== undefined && ir.n > 1)
    ctx.warnings.push({
      code: 'unsupported-setting',
      message: 'n > 1 is not supported by Anthropic models; one answer is returned',
    });

  limitCacheControl(body, ctx);
  return body;
}
