// `copilot-gateway emulator`: the GitHub + Copilot emulator as a standalone server, for demos
// and trying clients without a subscription. The emulator is imported lazily so that `start`
// never loads it.
import { ConfigError } from '../config/errors.js';
import type { CliIO } from './io.js';

export const EMULATOR_GITHUB_TOKEN = 'ghu_emulator_token';

export interface EmulatorHandle {
  githubUrl: string;
  copilotUrl: string;
  close(): Promise<void>;
}

/** The model catalogues the standalone emulator can serve (`--catalogue`). */
export const EMULATOR_CATALOGUES = ['2026', '2025'] as const;
export type EmulatorCatalogue = (typeof EMULATOR_CATALOGUES)[number];

export async function runEmulator(
  flags: { port?: string; catalogue?: string },
  io: CliIO,
): Promise<EmulatorHandle> {
  const catalogue = flags.catalogue ?? '2026';
  if (!(EMULATOR_CATALOGUES as readonly string[]).includes(catalogue)) {
    throw new ConfigError(
      `Invalid catalogue "${catalogue}" (--catalogue): expected ${EMULATOR_CATALOGUES.join(' or ')}`,
    );
  }
  const port = flags.port === undefined ? 4242 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65534) {
    throw new ConfigError(
      `Invalid port "${flags.port}" (--port): expected an integer from 0 to 65534 (port+1 is used too)`,
    );
  }
  const { startEmulator } = await import('../emulator/index.js');
  // 2026 (default): today's Copilot ids, GPT-4.1 and the other retired models gone; 2025: the
  // catalogue before the retirements, for trying a client against the older ids.
  const models =
    catalogue === '2026' ? (await import('../emulator/catalogue-2026.js')).catalogue2026() : undefined;
  // Port 0 lets the OS pick both; otherwise GitHub on port and Copilot on port+1.
  const emulator = await startEmulator({
    githubPort: port,
    copilotPort: port === 0 ? 0 : port + 1,
    githubTokens: [EMULATOR_GITHUB_TOKEN],
    ...(models ? { models } : {}),
  });
  io.out(`GitHub emulator:  ${emulator.githubUrl}`);
  io.out(`Copilot emulator: ${emulator.copilotUrl}`);
  io.out(`Valid GitHub token: ${EMULATOR_GITHUB_TOKEN}`);
  io.out(`Model catalogue:  ${catalogue}`);
  io.out('');
  io.out('Try it:');
  io.out(
    `  copilot-gateway start --github-url ${emulator.githubUrl} --github-token ${EMULATOR_GITHUB_TOKEN}`,
  );
  io.out('Press Ctrl+C to stop.');
  return emulator;
}
