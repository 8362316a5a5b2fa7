// The Copilot API side, strict like the real one: identity headers, Bearer token, model and
// endpoint checks, per-endpoint validation, then a scripted answer rendered per protocol.
// Also hosts the control API (/_emulator/*) used by the standalone CLI.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyPreFault } from './apply-fault.js';
import { renderEmbeddings } from './embeddings.js';
import type { InferenceEndpoint } from './endpoints.js';
import { chatEndpoint } from './endpoints.js';
import {
  invalidJson,
  malformedBody,
  modelNotSupported,
  unsupportedApiForModel,
  visionHeaderMissing,
} from './errors.js';
import { validateRule } from './faults.js';
import {
  EmulatorHttpError,
  lowerHeaders,
  parseLoose,
  pushBounded,
  readBody,
  sendError,
  sendJson,
  sendJsonText,
  sendText,
  splitUrl,
} from './http-util.js';
import { estimateTokens, runScript } from './scripted-model.js';
import { type EmulatorState, REQUEST_LOG_MAX } from './state.js';
import { jsonChunks, writeChunks } from './stream-writer.js';
import type { EmulatorLimitKind, EmulatorUser } from './users.js';

const LIMIT_KINDS: EmulatorLimitKind[] = ['session', 'weekly', 'quota', 'extension_blocked', 'global'];

/** Integration ids the upstream knows (an unknown one is refused). */
const KNOWN_INTEGRATIONS = new Set([
  'vscode-chat',
  'copilot-developer-cli',
  'copilot-language-server',
  'jetbrains-chat',
  'visualstudio-chat',
  'xcode-chat',
  'copilot-chat',
]);

const EDITOR_VERSION = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.+-]+$/;

function checkIdentity(headers: Record<string, string>, state: EmulatorState): EmulatorUser {
  const editor = headers['editor-version'];
  if (editor === undefined || editor === '') {
    throw new EmulatorHttpError(400, 'bad request: missing Editor-Version header for IDE auth');
  }
  if (!EDITOR_VERSION.test(editor))
    throw new EmulatorHttpError(400, 'bad request: unknown Editor-Version header');
  const integration = headers['copilot-integration-id'];
  if (integration !== undefined && !KNOWN_INTEGRATIONS.has(integration)) {
    throw new EmulatorHttpError(400, 'bad request: unknown integration');
  }
  const m = /^bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!m) throw new EmulatorHttpError(401, 'unauthorized');
  const check = state.tokens.check(m[1]);
  if (check === 'expired') throw new EmulatorHttpError(401, 'unauthorized: token expired');
  if (check === 'ok') return state.tokens.owner(m[1]) as EmulatorUser;
  // A fine-grained PAT / App installation token is accepted as the bearer itself (§6).
  const direct = state.users.byGithubToken(m[1]);
  if (direct && direct.kind !== 'oauth') return direct;
  throw new EmulatorHttpError(401, 'unauthorized');
}

export function createCopilotHandler(state: EmulatorState, endpoints: Record<string, InferenceEndpoint>) {
  const all: Record<string, InferenceEndpoint> = { '/chat/completions': chatEndpoint, ...endpoints };

  function baseHeaders(headers: Record<string, string>): Record<string, string> {
    return {
      'x-request-id': headers['x-request-id'] ?? randomUUID(),
      'x-github-request-id': `${randomBytes(2).toString('hex').toUpperCase()}:${randomBytes(3).toString('hex').toUpperCase()}:${randomBytes(4).toString('hex').toUpperCase()}`,
    };
  }

  async function control(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    raw: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === '/_emulator/faults' && method === 'POST') {
      const rule = parseLoose(raw);
      try {
        validateRule(rule);
      } catch (err) {
        return sendJson(res, 400, { error: (err as Error).message });
      }
      state.faults.add(rule);
      return sendJson(res, 201, { ok: true, faults: state.faults.size });
    }
    if (path === '/_emulator/faults' && method === 'DELETE') {
      state.faults.clear();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/_emulator/settings' && method === 'POST') {
      const settings = parseLoose(raw) as { enforcePromptLimits?: unknown } | undefined;
      const enforce = settings && typeof settings === 'object' ? settings.enforcePromptLimits : undefined;
      if (typeof enforce !== 'boolean')
        return sendJson(res, 400, { error: 'expected {"enforcePromptLimits": true|false}' });
      state.enforcePromptLimits = enforce;
      return sendJson(res, 200, { ok: true, enforcePromptLimits: enforce });
    }
    if (path === '/_emulator/requests' && method === 'GET') return sendJson(res, 200, state.requests);
    // POST /_emulator/users/<login>/limit {"kind":"session","resetInSec":600} and .../reset
    const m = /^\/_emulator\/users\/([^/]+)\/(limit|reset)$/.exec(path);
    if (m && method === 'POST') {
      const user = state.users.find(decodeURIComponent(m[1]));
      if (!user) return sendJson(res, 404, { error: `no user ${m[1]}` });
      if (m[2] === 'reset') user.reset();
      else {
        const b = (parseLoose(raw) ?? {}) as { kind?: EmulatorLimitKind; resetInSec?: number };
        if (!b.kind || !LIMIT_KINDS.includes(b.kind))
          return sendJson(res, 400, { error: `kind must be one of ${LIMIT_KINDS.join(', ')}` });
        user.limit(b.kind, typeof b.resetInSec === 'number' ? b.resetInSec : 3600);
      }
      return sendJson(res, 200, { ok: true });
    }
    return sendText(res, 404, '404 page not found');
  }

  async function inference(
    res: ServerResponse,
    path: string,
    endpoint: InferenceEndpoint,
    headers: Record<string, string>,
    parsed: unknown,
    out: Record<string, string>,
    user: EmulatorUser,
  ): Promise<void> {
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidJson();
    const body = parsed as Record<string, unknown>;
    const model = user.catalogue.find(body.model);
    if (!model) throw modelNotSupported();
    if (!model.endpoints.includes(path)) {
      if (user.wrongEndpoint === 'misdirected') throw new EmulatorHttpError(421, 'Misdirected Request');
      throw unsupportedApiForModel(model.id, path);
    }
    const limited = user.check();
    if (limited) throw limited;
    user.requests += 1;
    let read: ReturnType<InferenceEndpoint['read']>;
    try {
      read = endpoint.read(body, model, headers, user.signingKey);
    } catch (err) {
      if (err instanceof EmulatorHttpError) throw err;
      throw malformedBody(path, (err as Error).message);
    }
    if (read.hasImages && headers['copilot-vision-request'] !== 'true') throw visionHeaderMissing();
    if (state.enforcePromptLimits && model.maxPromptTokens !== undefined) {
      const tokens = estimateTokens(read.script.promptChars);
      if (tokens > model.maxPromptTokens) throw endpoint.promptTooLong(tokens, model.maxPromptTokens);
    }
    const initiator = headers['x-initiator'];
    if (state.strictInitiator && initiator === 'agent' && read.lastIsPlainUser) {
      throw new EmulatorHttpError(400, 'bad request: error: invalid initiator');
    }
    if (initiator !== 'agent') user.quota.consume(model.multiplier);
    Object.assign(out, user.limitHeaders());
    const script = runScript({ ...read.script, signingKey: user.signingKey });
    user.billing.record(model, script.usage);
    const opts = {
      createdSec: Math.floor(Date.now() / 1000),
      responsesIdQuirk: state.responsesIdQuirk,
      splitStreamChoices: state.splitStreamChoices,
      body,
      signingKey: user.signingKey,
    };
    const fault = state.faults.takeStream({ server: 'copilot', paths: [path], model: model.id });
    if (read.stream) {
      const frames = endpoint.renderStream(script, model, opts);
      res.writeHead(200, { ...out, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      return writeChunks(res, frames, fault, state.signal);
    }
    const text = JSON.stringify(endpoint.renderJson(script, model, opts));
    if (!fault) return sendJsonText(res, 200, text, out);
    res.writeHead(200, { ...out, 'content-type': 'application/json' });
    return writeChunks(res, jsonChunks(text), fault, state.signal);
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    headers: Record<string, string>,
    parsed: unknown,
    out: Record<string, string>,
    user: EmulatorUser,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    Object.assign(out, user.limitHeaders());
    if (path === '/models' && method === 'GET')
      return sendJson(res, 200, { data: user.listing, object: 'list' }, out);
    if (method === 'POST' && path === '/embeddings') {
      if (parsed === undefined || typeof parsed !== 'object' || parsed === null) throw invalidJson();
      const body = parsed as Record<string, unknown>;
      const model = user.catalogue.find(body.model);
      if (!model) throw modelNotSupported();
      if (!model.endpoints.includes('/embeddings')) throw unsupportedApiForModel(model.id, '/embeddings');
      return sendJson(res, 200, renderEmbeddings(body, model), out);
    }
    const endpoint = all[path];
    if (endpoint && method === 'POST') return inference(res, path, endpoint, headers, parsed, out, user);
    throw new EmulatorHttpError(404, '404 page not found');
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path, query } = splitUrl(req.url);
    const headers = lowerHeaders(req);
    const raw = (await readBody(req)).toString('utf8');
    if (path.startsWith('/_emulator/')) return control(req, res, path, raw);
    const parsed = parseLoose(raw);
    pushBounded(
      state.requests,
      { server: 'copilot', method: req.method ?? 'GET', path, query, headers, body: parsed, at: Date.now() },
      REQUEST_LOG_MAX,
    );
    const out = baseHeaders(headers);
    try {
      const requested =
        parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).model : undefined;
      const model = typeof requested === 'string' ? requested : undefined;
      const fault = state.faults.takePre({ server: 'copilot', paths: [path], model });
      if (fault && (await applyPreFault(fault, req, res, state, 'copilot', out))) return;
      const user = checkIdentity(headers, state);
      // Text that is not JSON reaches the endpoints as a string: they answer 400 invalid JSON.
      await route(req, res, path, headers, typeof parsed === 'string' ? undefined : parsed, out, user);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof EmulatorHttpError) return sendError(res, err, out);
      sendText(res, 500, `emulator error: ${(err as Error).message}`, out);
    }
  };
}
