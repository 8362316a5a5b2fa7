// A configuration problem the user must fix (bad flag, bad config.json). The CLI prints the
// message alone, without a stack, so each message names the setting, the value and where it came from.
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The gateway refuses to start as configured (exit code 2): e.g. exposed to the network with no key. */
export class StartRefused extends ConfigError {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}
