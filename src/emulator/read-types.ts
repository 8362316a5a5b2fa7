import type { ScriptInput } from './scripted-model.js';

/** What an endpoint reader extracts from a validated request. */
export interface ReadRequest {
  script: ScriptInput;
  stream: boolean;
  /** Any image in the prompt: the upstream then needs `Copilot-Vision-Request: true`. */
  hasImages: boolean;
  /** The last message is the user's own text (not tool results): `x-initiator: agent` is then a lie. */
  lastIsPlainUser: boolean;
}
