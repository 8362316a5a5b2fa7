// Ingress: an IR response → the Responses API response object for the client.
import type { CodecContext } from '../ir/codec.js';
import type { IRRequest, IRResponse, IRTextPart } from '../ir/types.js';
import { finishReasonToStatus } from './map-finish-reason.js';
import {
  messageItem,
  reasoningItem,
  responseObject,
  toolCallItem,
  wantsEncryptedReasoning,
} from './output-items.js';
import type { OutputItem, ResponsesResponse } from './wire-types.js';

/** Response ids must look like Responses ids; upstream ids of other protocols get a fresh one. */
export function responseIdFor(upstreamId: string, ctx: CodecContext): string {
  return upstreamId.startsWith('resp_') ? upstreamId : ctx.newId('resp_');
}

export function encodeResponse(res: IRResponse, req: IRRequest, ctx: CodecContext): ResponsesResponse {
  const id = responseIdFor(res.id, ctx);
  const includeEncrypted = wantsEncryptedReasoning(req);
  const output: OutputItem[] = [];
  let pendingText: IRTextPart[] = [];
  const flushText = () => {
    if (pendingText.length > 0) output.push(messageItem(ctx.newId('msg_'), pendingText));
    pendingText = [];
  };
  for (const part of res.parts) {
    if (part.type === 'text') {
      pendingText.push(part);
      continue;
    }
    flushText();
    if (part.type === 'reasoning') output.push(reasoningItem(ctx.newId('rs_'), part, includeEncrypted));
    else output.push(toolCallItem(ctx.newId(part.kind === 'custom' ? 'ctc_' : 'fc_'), part));
  }
  flushText();

  const terminal = finishReasonToStatus(res.finishReason);
  return responseObject(req, {
    id,
    createdAt: res.created,
    status: terminal.status,
    output,
    usage: res.usage,
    incompleteReason: terminal.incompleteReason,
    error:
      terminal.status === 'failed'
        ? { code: 'server_error', message: 'The model failed to answer.' }
        : undefined,
  });
}
