// In-process emulator of the GitHub and Copilot upstreams (see reference/copilot-upstream.md).
// Two plain node:http servers on loopback; every integration test and benchmark starts one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalogue, defaultModels } from './catalogue.js';
import { createMessagesEndpoint, responsesEndpoint } from './endpoints.js';
import { FaultStore } from './faults.js';
import { createCopilotHandler } from './server-copilot.js';
import { createGithubHandler } from './server-github.js';
import type { EmulatorState } from './state.js';
import { TokenStore } from './tokens.js';
import type { Emulator, EmulatorOptions, FaultRule } from './types.js';
import { EmulatorUser, UserDirectory } from './users.js';

export type {
  CopilotFailure,
  DeviceFlowOptions,
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  FaultKind,
  FaultRule,
  LoggedRequest,
} from './types.js';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  const server = createServer((req, res) => {
    handler(req, res).catch(() => res.destroy());
  });
  // Benchmarks open many keep-alive connections; do not let Node's defaults close them early.
  server.keepAliveTimeout = 60_000;
  return server;
}

function urlFor(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function userOrThrow(state: EmulatorState, who: string): EmulatorUser {
  const user = state.users.find(who);
  if (!user) throw new Error(`no emulated user ${who}`);
  return user;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();
  const plan = options.accountPlan ?? 'individual';
  const ttl = Math.max(1, options.tokenTtlSec ?? 1800);
  const flow = options.deviceFlow ?? {};
  const catalogue = new Catalogue(options.models ?? defaultModels());
  const users = new UserDirectory();
  // Without `users`, every listed GitHub token belongs to one user (the single-account setup).
  const login = options.login ?? 'octocat';
  const userOptions =
    options.users ??
    (options.githubTokens ?? ['ghu_emulator_token']).map((token) => ({
      token,
      login,
      hideEndpointMetadata: options.hideEndpointMetadata,
    }));
  // The first user signs reasoning with the fixed key (recorded fixtures); other logins with their own.
  for (const u of userOptions)
    users.add(new EmulatorUser(u, catalogue, plan, u.login === userOptions[0]?.login));
  const state: EmulatorState = {
    users,
    plan,
    deviceFlow: {
      pendingPolls: flow.pendingPolls ?? 1,
      slowDownOnPoll: flow.slowDownOnPoll ?? [],
      interval: flow.interval ?? 5,
      expiresIn: flow.expiresIn ?? 900,
      outcome: flow.outcome ?? 'grant',
    },
    strictInitiator: options.strictInitiator ?? false,
    strictBetas: options.strictBetas ?? true,
    responsesIdQuirk: options.responsesIdQuirk ?? false,
    splitStreamChoices: options.splitStreamChoices ?? true,
    enforcePromptLimits: options.enforcePromptLimits ?? true,
    catalogue,
    tokens: new TokenStore(
      ttl,
      plan,
      () => new URL(state.copilotUrl).host,
      () => users.list[0],
    ),
    tokenScopes: options.githubTokenScopes ?? ['read:user'],
    faults: new FaultStore(),
    requests: [],
    stats: { tokenExchanges: 0, deviceCodes: 0 },
    copilotUrl: '',
    signal: closing.signal,
  };
  const github = serve(createGithubHandler(state));
  const copilot = serve(
    createCopilotHandler(state, {
      '/v1/messages': createMessagesEndpoint(state.strictBetas),
      '/responses': responsesEndpoint,
    }),
  );
  const githubPort = await listen(github, options.githubPort ?? 0, host);
  let copilotPort: number;
  try {
    copilotPort = await listen(copilot, options.copilotPort ?? 0, host);
  } catch (err) {
    github.close();
    throw err;
  }
  state.copilotUrl = urlFor(host, copilotPort);

  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    githubUrl: urlFor(host, githubPort),
    copilotUrl: state.copilotUrl,
    requests: state.requests,
    stats: state.stats,
    injectFault(rule: FaultRule) {
      state.faults.add(rule);
    },
    clearFaults() {
      state.faults.clear();
    },
    issueCopilotToken() {
      return state.tokens.issue().token;
    },
    limitUser(who, kind, resetInSec = 3600) {
      userOrThrow(state, who).limit(kind, resetInSec);
    },
    resetUser(who) {
      userOrThrow(state, who).reset();
    },
    userRequests(who) {
      return userOrThrow(state, who).requests;
    },
    setPromptLimits(enforce: boolean) {
      state.enforcePromptLimits = enforce;
    },
    async close() {
      closing.abort();
      await Promise.all([stop(github), stop(copilot)]);
    },
  };
}
