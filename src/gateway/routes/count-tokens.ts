// POST /v1/messages/count_tokens. With `anthropicApiKey` configured the request is forwarded
// to Anthropic's own endpoint (exact counts); otherwise it is counted locally with the model's
// tokenizer and the calibration documented in docs/token-counting.md.
import { request } from 'undici';
import { GatewayError } from '../../errors/gateway-error.js';
import { errorFromUpstream } from '../../errors/upstream-error.js';
import { countTokens, type TokenizerName } from '../../protocols/anthropic/index.js';
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
    const exact = await countWithAnthropic(rc, raw, ctx.settings.anthropicApiKey);
    if (exact !== undefined) {
      sendJson(rc.res, 200, exact);
      return;
    }
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

/**
 * Anthropic's own count. The client's model name may be a Copilot id Anthropic does not know,
 * the key may be wrong, Anthropic may be unreachable: in every such case the local count answers
 * instead (one warning line), because a count that is slightly off beats a failed /context.
 */
async function countWithAnthropic(
  rc: RequestContext,
  raw: Buffer,
  apiKey: string,
): Promise<string | undefined> {
  const { ctx } = rc;
  try {
    const beta = rc.req.headers['anthropic-beta'];
    const res = await request(
      `${ctx.settings.anthropicApiUrl.replace(/\/+$/, '')}/v1/messages/count_tokens`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey,
          'anthropic-version': String(rc.req.headers['anthropic-version'] ?? '2023-06-01'),
          ...(typeof beta === 'string' ? { 'anthropic-beta': beta } : {}),
        },
        body: raw,
        signal: rc.cancel.signal,
        // The gateway's one dispatcher, so --proxy-env (and its pool) applies here too.
        dispatcher: ctx.dispatcher,
        headersTimeout: ctx.settings.timeouts.firstByteMs,
        bodyTimeout: ctx.settings.timeouts.idleMs,
      },
    );
    const text = await res.body.text();
    if (res.statusCode === 200) return text;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    const err = errorFromUpstream(res.statusCode, parsed, res.headers);
    ctx.log.warn(`Anthropic count_tokens answered ${res.statusCode} (${err.message}); counting locally`, {
      trace: rc.traceId,
    });
  } catch (err) {
    if (rc.cancel.aborted) throw err;
    ctx.log.warn(`Anthropic count_tokens failed (${(err as Error).message}); counting locally`, {
      trace: rc.traceId,
    });
  }
  return undefined;
}
