// Validates a /v1/messages request like Anthropic (via Copilot) does and reduces it to a
// ScriptInput: required max_tokens, tool_use → tool_result pairing, thinking signatures,
// non-empty text blocks, thinking budget, accepted anthropic-beta values, output limit, and the
// newer client fields Copilot refuses (read-drift.ts).
import type { ModelView } from './catalogue.js';
import { anthropicError } from './errors.js';
import { rejectRefusedFields } from './read-drift.js';
import { rejectAnthropicOverLimit } from './read-limits.js';
import type { ReadRequest } from './read-types.js';
import type { LastTurn, ToolResultView } from './scripted-model.js';
import { verifyReasoning } from './tokens.js';

type Json = Record<string, unknown>;

export const ACCEPTED_BETAS = new Set([
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'advanced-tool-use-2025-11-20',
]);

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

function resultText(content: unknown, onImage: () => void): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .map((b) => {
      if (b?.type === 'image') onImage();
      return b?.type === 'text' && typeof b.text === 'string' ? b.text : '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

export function readMessages(
  body: Json,
  model: ModelView,
  headers: Record<string, string>,
  strictBetas: boolean,
  signingKey?: string,
): ReadRequest {
  if (strictBetas && headers['anthropic-beta']) {
    const unknown = headers['anthropic-beta']
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '' && !ACCEPTED_BETAS.has(b));
    if (unknown.length > 0) {
      throw anthropicError(
        `Unexpected value(s) \`${unknown.join(', ')}\` for the \`anthropic-beta\` header. Please consult our documentation at docs.anthropic.com or try again without the header.`,
      );
    }
  }
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined) throw anthropicError('max_tokens: Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
    throw anthropicError('max_tokens: Input should be a valid integer greater than or equal to 1');
  }
  rejectAnthropicOverLimit(maxTokens, model);
  rejectRefusedFields(body);
  if (!Array.isArray(body.messages)) throw anthropicError('messages: Field required');
  if (body.messages.length === 0) throw anthropicError('messages: at least one message is required');

  let reasoning = false;
  const thinking = body.thinking as Json | null | undefined;
  if (thinking?.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
      throw anthropicError('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    }
    if (budget >= maxTokens) {
      throw anthropicError(
        '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
      );
    }
    reasoning = true;
  } else if (thinking?.type === 'adaptive') reasoning = true;

  const tools = new Map<string, 'function' | 'custom'>();
  let promptChars = 0;
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) throw anthropicError('tools: Input should be a valid list');
    for (const [i, t] of (body.tools as Json[]).entries()) {
      if (typeof t?.name !== 'string' || t.name === '')
        throw anthropicError(`tools.${i}.name: Field required`);
      tools.set(t.name, 'function');
    }
    promptChars += JSON.stringify(body.tools).length;
  }

  let system = '';
  const addSystem = (content: unknown) => {
    const t = blocksOf(content)
      .map((b) => (typeof b.text === 'string' ? b.text : ''))
      .join('\n');
    system += (system ? '\n' : '') + t;
    promptChars += t.length;
  };
  if (body.system !== undefined) addSystem(body.system);

  let hasImages = false;
  const onImage = () => {
    hasImages = true;
  };
  const toolNames = new Map<string, string>();
  let openToolUses: string[] = [];
  const messages = body.messages as Json[];
  for (const [i, m] of messages.entries()) {
    if (m?.role === 'system') {
      addSystem(m.content);
      continue;
    }
    if (m?.role !== 'user' && m?.role !== 'assistant') {
      throw anthropicError(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    const blocks = blocksOf(m.content);
    if (openToolUses.length > 0) {
      const leading = new Set<string>();
      if (m.role === 'user') {
        for (const b of blocks) {
          if (b?.type !== 'tool_result') break;
          // Only string ids can match an open tool_use.
          if (typeof b.tool_use_id === 'string') leading.add(b.tool_use_id);
        }
      }
      const missing = openToolUses.filter((id) => !leading.has(id));
      if (missing.length > 0) {
        throw anthropicError(
          `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
    const previousUses = new Set(openToolUses);
    openToolUses = [];
    for (const [j, b] of blocks.entries()) {
      switch (b?.type) {
        case 'text':
          if (typeof b.text !== 'string' || b.text.trim() === '') {
            throw anthropicError('messages: text content blocks must be non-empty');
          }
          promptChars += b.text.length;
          break;
        case 'image':
        case 'document':
          if (b.type === 'image') onImage();
          break;
        case 'thinking':
          if (m.role !== 'assistant')
            throw anthropicError(
              `messages.${i}.content.${j}: thinking blocks are only allowed in assistant messages`,
            );
          if (typeof b.signature !== 'string')
            throw anthropicError(`messages.${i}.content.${j}.thinking.signature: Field required`);
          if (!verifyReasoning(String(b.thinking ?? ''), b.signature, signingKey)) {
            throw anthropicError(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
          }
          break;
        case 'redacted_thinking':
          break;
        case 'tool_use':
          if (m.role !== 'assistant')
            throw anthropicError(
              `messages.${i}.content.${j}: tool_use blocks are only allowed in assistant messages`,
            );
          if (typeof b.id !== 'string' || !/^[a-zA-Z0-9_-]+$/.test(b.id)) {
            throw anthropicError(
              `messages.${i}.content.${j}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`,
            );
          }
          toolNames.set(b.id, String(b.name ?? ''));
          openToolUses.push(b.id);
          promptChars += JSON.stringify(b.input ?? {}).length;
          break;
        case 'tool_result':
          if (typeof b.tool_use_id !== 'string' || !previousUses.has(b.tool_use_id)) {
            throw anthropicError(
              `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(b.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
            );
          }
          promptChars += resultText(b.content, onImage).length;
          break;
        default:
          break;
      }
    }
    if (i === messages.length - 1 && m.role === 'assistant' && blocks.at(-1)?.type === 'thinking') {
      throw anthropicError('The final block in an assistant message cannot be `thinking`.');
    }
  }

  const lastMsg = messages[messages.length - 1];
  const lastBlocks = blocksOf(lastMsg.content);
  let last: LastTurn = { kind: 'none' };
  const results: ToolResultView[] = lastBlocks
    .filter((b) => b?.type === 'tool_result')
    .map((b) => ({
      name: (typeof b.tool_use_id === 'string' && toolNames.get(b.tool_use_id)) || undefined,
      text: resultText(b.content, onImage),
    }));
  if (lastMsg.role === 'user' && results.length > 0) last = { kind: 'tool-results', results };
  else {
    for (let k = messages.length - 1; k >= 0; k--) {
      if (messages[k].role !== 'user') continue;
      const text = blocksOf(messages[k].content)
        .filter((b) => b?.type === 'text')
        .map((b) => b.text)
        .join('\n');
      last = { kind: 'text', text };
      break;
    }
  }
  return {
    // The server found the model by this exact id, so it is a string.
    script: { model: String(body.model), system, last, tools, reasoning, promptChars },
    stream: body.stream === true,
    hasImages,
    lastIsPlainUser: lastMsg.role === 'user' && results.length === 0,
  };
}
