// The inference endpoints as plug-ins of one pipeline: read (validate + reduce), then render.
import type { ModelView } from './catalogue.js';
import { anthropicError, openaiError } from './errors.js';
import type { EmulatorHttpError } from './http-util.js';
import { readChat } from './read-chat.js';
import { readMessages } from './read-messages.js';
import { readResponses } from './read-responses.js';
import type { ReadRequest } from './read-types.js';
import { renderChatJson, renderChatStream } from './render-chat.js';
import { renderMessagesJson, renderMessagesStream } from './render-messages.js';
import { renderResponsesJson, renderResponsesStream } from './render-responses.js';
import type { ScriptOutput } from './scripted-model.js';

export interface RenderOptions {
  createdSec: number;
  responsesIdQuirk: boolean;
  splitStreamChoices: boolean;
  /** The parsed request body (echoed fields such as instructions, tools, reasoning). */
  body: Record<string, unknown>;
  /** The user's key for reasoning signatures and encrypted content. */
  signingKey?: string;
}

export interface InferenceEndpoint {
  read(
    body: Record<string, unknown>,
    model: ModelView,
    headers: Record<string, string>,
    signingKey?: string,
  ): ReadRequest;
  renderJson(out: ScriptOutput, model: ModelView, opts: RenderOptions): unknown;
  renderStream(out: ScriptOutput, model: ModelView, opts: RenderOptions): string[];
  promptTooLong(tokens: number, limit: number): EmulatorHttpError;
}

export const chatEndpoint: InferenceEndpoint = {
  read: (body, model, _headers, key) => readChat(body, model, key),
  renderJson: (out, model) => renderChatJson(out, model),
  renderStream: (out, model, opts) => renderChatStream(out, model, opts.createdSec, opts.splitStreamChoices),
  promptTooLong: (n, m) =>
    openaiError(
      `prompt token count of ${n} exceeds the limit of ${m}`,
      'model_max_prompt_tokens_exceeded',
      null,
    ),
};

export function createMessagesEndpoint(strictBetas: boolean): InferenceEndpoint {
  return {
    read: (body, model, headers, key) => readMessages(body, model, headers, strictBetas, key),
    renderJson: (out, model) => renderMessagesJson(out, model),
    renderStream: (out, model) => renderMessagesStream(out, model),
    promptTooLong: (n, m) => anthropicError(`prompt is too long: ${n} tokens > ${m} maximum`),
  };
}

export const responsesEndpoint: InferenceEndpoint = {
  read: (body, model, _headers, key) => readResponses(body, model, key),
  renderJson: (out, model, opts) => renderResponsesJson(out, model, opts),
  renderStream: (out, model, opts) => renderResponsesStream(out, model, opts),
  promptTooLong: (n, m) =>
    openaiError(
      `prompt token count of ${n} exceeds the limit of ${m}`,
      'model_max_prompt_tokens_exceeded',
      null,
    ),
};
