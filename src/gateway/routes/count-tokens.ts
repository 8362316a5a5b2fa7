// POST /v1/messages/count_tokens. With `anthropicApiKey` configured the request is forwarded
// to Anthropic's own endpoint (exact counts); otherwise it is counted locally with the model's
// tokenizer and the calibration documented in docs/token-counting.md.
import { request } from 'undici';
import { countTokens, type TokenizerName } from '../../protocols/anthropic/index.js';
import { GatewayError } from '../../protocols/ir/errors.js';
import { errorFromUpstream } from '../../protocols/ir/upstream-error.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { resolveModel } from '../models/resolve.js';
import type { RequestContext } from '../request-context.js';

export async function countMessageTokens(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (!Array.isArray(body.messages)) {
    throw GatewayError.invalid('messages: Field required (an array of {role, content})', {
      param: 'messages',
    });
  }
  if (ctx.settings.anthropicApiKey) {
    const res = await request(
      `${ctx.settings.anthropicApiUrl.replace(/\/+$/, '')}/v1/messages/count_tokens`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': ctx.settings.anthropicApiKey,
          'anthropic-version': String(rc.req.headers['anthropic-version'] ?? '2023-06-01'),
        },
        body: raw,
        signal: rc.cancel.signal,
      },
    );
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      throw errorFromUpstream(res.statusCode, parsed, res.headers);
    }
    sendJson(rc.res, 200, text);
    return;
  }
  let tokenizer: TokenizerName = 'o200k_base';
  try {
    const { model } = await resolveModel(ctx, body.model, rc.traceId, ctx.aliasRules);
    if (model.tokenizer === 'cl100k_base') tokenizer = 'cl100k_base';
  } catch (err) {
    // An unknown model still gets a count (Claude Code counts before it picks a model); the
    // error surfaces on the real request.
    if (!(err instanceof GatewayError)) throw err;
  }
  sendJson(rc.res, 200, { input_tokens: countTokens(body, tokenizer) });
}
