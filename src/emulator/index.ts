// In-process emulator of the GitHub and Copilot upstreams (see reference/copilot-upstream.md).
// Two plain node:http servers on loopback; every integration test and benchmark starts one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalogue, defaultModels } from './catalogue.js';
import { createMessagesEndpoint, responsesEndpoint } from './endpoints.js';
import { FaultStore } from './faults.js';
import { QuotaState } from './quota.js';
import { createCopilotHandler } from './server-copilot.js';
import { createGithubHandler } from './server-github.js';
import type { EmulatorState } from './state.js';
import { TokenStore } from './tokens.js';
import type { Emulator, EmulatorOptions, FaultRule } from './types.js';

export type {
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();
  const plan = options.accountPlan ?? 'individual';
  const ttl = Math.max(1, options.tokenTtlSec ?? 1800);
  const flow = options.deviceFlow ?? {};
  const state: EmulatorState = {
    githubTokens: options.githubTokens ?? ['ghu_emulator_token'],
    login: options.login ?? 'octocat',
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
    enforcePromptLimits: options.enforcePromptLimits ?? true,
    catalogue: new Catalogue(options.models ?? defaultModels()),
    tokens: new TokenStore(ttl, plan, () => new URL(state.copilotUrl).host),
    quota: new QuotaState(plan),
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
    setPromptLimits(enforce: boolean) {
      state.enforcePromptLimits = enforce;
    },
    async close() {
      closing.abort();
      await Promise.all([stop(github), stop(copilot)]);
    },
  };
}
