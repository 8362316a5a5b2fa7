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

export async function runEmulator(flags: { port?: string }, io: CliIO): Promise<EmulatorHandle> {
  const port = flags.port === undefined ? 4242 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65534) {
    throw new ConfigError(
      `Invalid port "${flags.port}" (--port): expected an integer from 0 to 65534 (port+1 is used too)`,
    );
  }
  const { startEmulator } = await import('../emulator/index.js');
  // Port 0 lets the OS pick both; otherwise GitHub on port and Copilot on port+1.
  const emulator = await startEmulator({
    githubPort: port,
    copilotPort: port === 0 ? 0 : port + 1,
    githubTokens: [EMULATOR_GITHUB_TOKEN],
  });
  io.out(`GitHub emulator:  ${emulator.githubUrl}`);
  io.out(`Copilot emulator: ${emulator.copilotUrl}`);
  io.out(`Valid GitHub token: ${EMULATOR_GITHUB_TOKEN}`);
  io.out('');
  io.out('Try it:');
  io.out(
    `  copilot-gateway start --github-url ${emulator.githubUrl} --github-token ${EMULATOR_GITHUB_TOKEN}`,
  );
  io.out('Press Ctrl+C to stop.');
  return emulator;
}
