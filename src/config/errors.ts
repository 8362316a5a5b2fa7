// A configuration problem the user must fix (bad flag, bad config.json). The CLI prints the
// message alone, without a stack, so each message names the setting, the value and where it came from.
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
