// Long agent histories in each protocol's shape, with realistic (non-repetitive) text so the
// tokenizer and the emulator's chars/4 count both see ordinary prose. Deterministic.
import { encryptReasoning, signReasoning } from '../../emulator/tokens.js';

const WORDS =
  'the gateway reads each request decodes the body resolves a model plans an endpoint and forwards bytes while a stream writer keeps heartbeats going function returns value error handler module import export const await async promise buffer socket header token limit prompt window summary trimmed history agent tool result call file path line column diff patch test suite build compile typescript node runtime'.split(
    ' ',
  );

const PUNCT = ['(', ').', ', ', '; ', ' = ', '.', ': ', '[', '] ', ' => ', '{ ', ' }', '\n'];

/**
 * Deterministic pseudo-random code-like text of about `chars` characters (identifiers, numbers,
 * punctuation): ~4 characters per o200k token, like the source and docs agents read.
 */
export function prose(seed: number, chars: number): string {
  let x = seed * 2654435761 + 1;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const a = WORDS[next() % WORDS.length];
    const r = next();
    let w = a;
    if (r % 3 === 0) {
      const b = WORDS[next() % WORDS.length];
      w = `${a}${b[0].toUpperCase()}${b.slice(1)}`;
    }
    if (r % 5 === 0) w += `${next() % 10000}`;
    w += r % 2 === 0 ? PUNCT[next() % PUNCT.length] : ' ';
    out.push(w);
    n += w.length;
  }
  return out.join('');
}

/** Claude Code's shape: system blocks, tools, thinking + text + tool_use, then tool_result. */
export function claudeCodeHistory(steps: number, resultChars: number) {
  const messages: unknown[] = [{ role: 'user', content: [{ type: 'text', text: `TASK: ${prose(1, 200)}` }] }];
  for (let i = 0; i < steps; i++) {
    const thought = `Thinking about step ${i}: ${prose(100 + i, 120)}`;
    messages.push({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: thought, signature: signReasoning(thought) },
        { type: 'text', text: `Step ${i}: ${prose(200 + i, 80)}` },
        { type: 'tool_use', id: `toolu_${i}`, name: 'Read', input: { file_path: `/src/file${i}.ts` } },
      ],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: prose(300 + i, resultChars) }],
    });
  }
  return {
    model: 'claude-sonnet-4.5',
    max_tokens: 32000,
    stream: false,
    system: [{ type: 'text', text: `You are Claude Code. ${prose(2, 400)}` }],
    tools: [
      {
        name: 'Read',
        description: 'Reads a file',
        input_schema: { type: 'object', properties: { file_path: { type: 'string' } } },
      },
    ],
    thinking: { type: 'enabled', budget_tokens: 8000 },
    messages,
  };
}

/** Codex's shape: reasoning items with encrypted content, function calls and their outputs. */
export function codexHistory(steps: number, outputChars: number) {
  const input: unknown[] = [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: prose(3, 300) }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: `TASK: ${prose(4, 200)}` }] },
  ];
  for (let i = 0; i < steps; i++) {
    input.push({ type: 'reasoning', summary: [], encrypted_content: encryptReasoning(`reasoning ${i}`) });
    input.push({ type: 'function_call', call_id: `call_${i}`, name: 'shell', arguments: `{"cmd":"cat f${i}"}` });
    input.push({ type: 'function_call_output', call_id: `call_${i}`, output: prose(500 + i, outputChars) });
  }
  input.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'now continue' }] });
  return {
    model: 'gpt-5-codex',
    instructions: `You are Codex. ${prose(5, 300)}`,
    tools: [{ type: 'function', name: 'shell', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }],
    store: false,
    input,
  };
}

/** Gemini CLI's shape: functionCall / functionResponse parts between user and model turns. */
export function geminiHistory(steps: number, outputChars: number) {
  const contents: unknown[] = [{ role: 'user', parts: [{ text: `TASK: ${prose(6, 200)}` }] }];
  for (let i = 0; i < steps; i++) {
    contents.push({
      role: 'model',
      parts: [{ text: prose(700 + i, 60) }, { functionCall: { name: 'read_file', args: { path: `f${i}` } } }],
    });
    contents.push({
      role: 'user',
      parts: [{ functionResponse: { name: 'read_file', response: { output: prose(800 + i, outputChars) } } }],
    });
  }
  contents.push({ role: 'user', parts: [{ text: 'go on' }] });
  return {
    systemInstruction: { parts: [{ text: prose(7, 300) }] },
    tools: [{ functionDeclarations: [{ name: 'read_file', parameters: { type: 'object' } }] }],
    contents,
  };
}
