// Turns any failure into one line a person can act on. Stacks only with --verbose: a config
// typo or a revoked token is not a crash and should not look like one.
import { ConfigError } from '../config/errors.js';
import { isGatewayError } from '../errors/gateway-error.js';
import { redactSecrets } from '../util/redact.js';
import type { CliIO } from './io.js';

export function describeError(err: unknown): string {
  if (err instanceof ConfigError || isGatewayError(err)) return err.message;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      return `The port is already in use (${err.message}). Pick another with --port.`;
    if (code === 'EACCES' || code === 'EPERM') return `Permission denied: ${err.message}`;
    return err.message || err.name;
  }
  return String(err);
}

/** Prints the error and returns the process exit code. */
export function reportError(
  err: unknown,
  io: CliIO,
  options: { verbose?: boolean; showToken?: boolean } = {},
): number {
  const line = `copilot-gateway: error: ${describeError(err)}`;
  io.err(options.showToken ? line : redactSecrets(line));
  if (options.verbose && err instanceof Error && err.stack) {
    io.err(options.showToken ? err.stack : redactSecrets(err.stack));
  }
  const code = (err as { exitCode?: unknown } | undefined)?.exitCode;
  return typeof code === 'number' ? code : 1;
}
