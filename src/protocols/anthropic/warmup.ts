// Claude Code's warm-up probes. Only these may be sent to the configured `smallModel`: never a
// real request. The rule (docs/architecture.md, "Warm-up probes"), all of which must hold:
//   - no tools, no tool_choice, no thinking;
//   - exactly one message, from the user, whose whole text is "quota" or "test";
//   - max_tokens of 1 (a probe asks for nothing back).
// Anything else — however small — is a real request and keeps its model.
//
// Why these two words: Claude Code 2.1.330 sends exactly two 1-token probes whose answer does
// not depend on the model — the quota check (`quota`, via /v1/messages?beta=true) and the API key
// check (`test`, temperature 1). Its start-up model check and /model validation also ask for
// one token (`.`), but they test the very model named, so diverting them would hide a missing
// model: they keep it. `claude -p` sends none of these with an API key (only the real turns, each
// with tools and thinking), so in headless use nothing is diverted at all.

const PROBE_WORDS = new Set(['quota', 'test']);

export function isWarmup(body: Record<string, unknown>): boolean {
  if (body.max_tokens !== 1) return false;
  if ((Array.isArray(body.tools) && body.tools.length > 0) || body.tool_choice || body.thinking) return false;
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length !== 1) return false;
  const m = messages[0] as Record<string, unknown>;
  if (m?.role !== 'user') return false;
  let text = '';
  if (typeof m.content === 'string') text = m.content;
  else if (Array.isArray(m.content)) {
    for (const b of m.content as Array<Record<string, unknown>>) {
      if (b?.type !== 'text') return false;
      text += String(b.text ?? '');
    }
  } else return false;
  return PROBE_WORDS.has(text.trim().toLowerCase());
}
