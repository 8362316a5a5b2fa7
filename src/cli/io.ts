// Where the CLI writes. Commands take this instead of touching process.stdout, so tests can run
// them in-process and read what a user would see.
export interface CliIO {
  /** One line (or block) of normal output, to stdout. */
  out(text: string): void;
  /** Progress, prompts and errors, to stderr (keeps stdout clean for --json and pipes). */
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function memoryIO(): CliIO & { stdout: string[]; stderr: string[]; text(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    text: () => [...stdout, ...stderr].join('\n'),
  };
}
