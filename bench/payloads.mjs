// Request bodies shaped like what the real clients send.

const TOOL_NAMES = [
  'Bash',
  'Read',
  'Edit',
  'Write',
  'Glob',
  'Grep',
  'Task',
  'TodoWrite',
  'WebFetch',
  'NotebookEdit',
  'MultiEdit',
  'LS',
];

/** A Claude Code-shaped /v1/messages body of about `bytes` bytes: system blocks with
 * cache_control, two dozen tools, a long transcript of tool use and results. */
export function claudeCodeShapedBody(bytes, model) {
  const filler = 'The quick brown fox jumps over the lazy dog while the build runs its tests. ';
  const tools = Array.from({ length: 24 }, (_, i) => ({
    name: `${TOOL_NAMES[i % TOOL_NAMES.length]}${i >= TOOL_NAMES.length ? i : ''}`,
    description: filler.repeat(6),
    input_schema: {
      type: 'object',
      properties: { command: { type: 'string', description: 'what to run' }, timeout: { type: 'number' } },
      required: ['command'],
    },
  }));
  const messages = [
    { role: 'user', content: [{ type: 'text', text: 'Fix the failing test in src/app.ts' }] },
  ];
  let size = JSON.stringify(tools).length;
  let n = 0;
  while (size < bytes) {
    const id = `toolu_${String(n).padStart(6, '0')}`;
    const result = filler.repeat(40);
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id, name: 'Read', input: { command: `cat file${n}.ts` } },
      ],
    });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result }] });
    size += result.length + 200;
    n++;
  }
  messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Reviewing.' }] });
  messages.push({ role: 'user', content: [{ type: 'text', text: 'Continue.' }] });
  return JSON.stringify({
    model,
    max_tokens: 8192,
    stream: false,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: filler.repeat(30), cache_control: { type: 'ephemeral' } },
    ],
    tools,
    metadata: { user_id: 'user_bench_account__session_0000' },
    messages,
  });
}
