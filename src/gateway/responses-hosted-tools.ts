// Built-in (hosted) Responses tools that Copilot cannot run, decided per tool type before the
// request is planned, so the answer is the same on every egress path (passthrough to /responses
// or translated to /v1/messages or /chat/completions):
//
// - Dropped with a logged warning: tools a client attaches to every request whether or not the
//   user asked for them. Codex CLI sends `web_search` (and the dated/preview variants) and
//   `namespace` groups (e.g. its `multi_agent_v1` sub-agent tools) on every turn; a 400 would
//   make Codex unusable, and the model simply answers without them.
// - Rejected with a 400 naming the tool: tools a client declares because the user wants them to
//   run (`file_search` over vector stores, `code_interpreter`, `computer_use_preview`,
//   `image_generation`, remote `mcp` servers) and `local_shell`, whose calls only OpenAI's own
//   models emit. Dropping them would silently answer a different question than the one asked.
// Other tool types (function, custom, and anything unknown) are left to the codecs.

import { GatewayError } from '../errors/gateway-error.js';

type Json = Record<string, unknown>;

const DROPPED = (type: string) => type === 'namespace' || type.startsWith('web_search');

const REJECTED: Record<string, string> = {
  file_search: 'file search over OpenAI vector stores',
  code_interpreter: 'the hosted code interpreter',
  computer_use_preview: 'computer use',
  computer_use: 'computer use',
  image_generation: 'hosted image generation',
  mcp: 'remote MCP servers called by OpenAI',
  local_shell: 'the local_shell tool of OpenAI codex models',
};

export interface ScreenResult {
  /** One line per dropped tool, for the log. */
  warnings: string[];
  /** Whether `body.tools` was rewritten. */
  changed: boolean;
}

/**
 * Removes the tools Copilot cannot run but clients send by default (see above) from
 * `body.tools` in place, and throws a 400 GatewayError for the ones that must not be dropped.
 */
export function screenHostedTools(body: Json): ScreenResult {
  const result: ScreenResult = { warnings: [], changed: false };
  if (!Array.isArray(body.tools)) return result;
  const kept: unknown[] = [];
  const dropped = new Set<string>();
  for (const [i, tool] of (body.tools as unknown[]).entries()) {
    const type = tool && typeof tool === 'object' ? (tool as Json).type : undefined;
    if (typeof type !== 'string') {
      kept.push(tool);
      continue;
    }
    const what = REJECTED[type];
    if (what) {
      throw GatewayError.invalid(
        `tools[${i}]: the built-in tool '${type}' (${what}) cannot run on GitHub Copilot, and the gateway does not emulate it. Remove it from "tools", or declare a function tool your client executes instead.`,
        { param: `tools[${i}]`, code: 'unsupported_tool' },
      );
    }
    if (DROPPED(type)) {
      const name = (tool as Json).name;
      dropped.add(type);
      result.warnings.push(
        `tools[${i}]: built-in tool '${type}'${typeof name === 'string' ? ` (${name})` : ''} cannot run on GitHub Copilot; dropped from the request`,
      );
      continue;
    }
    kept.push(tool);
  }
  const choice = body.tool_choice;
  if (choice && typeof choice === 'object' && typeof (choice as Json).type === 'string') {
    const type = (choice as Json).type as string;
    if (DROPPED(type) || REJECTED[type]) {
      throw GatewayError.invalid(
        `tool_choice forces the built-in tool '${type}', which cannot run on GitHub Copilot.`,
        { param: 'tool_choice', code: 'unsupported_tool' },
      );
    }
  }
  if (result.warnings.length > 0) {
    result.changed = true;
    if (kept.length > 0) body.tools = kept;
    else {
      delete body.tools;
      // A tool_choice without tools is an upstream 400; with nothing left, nothing to choose.
      if (body.tool_choice !== undefined) delete body.tool_choice;
    }
  }
  return result;
}
