// A tiny structured logger. No module-level state: each gateway builds its own from its context.
// Secrets are redacted before anything is written (see ./redact.ts).
import { appendFileSync } from 'node:fs';
import { redactSecrets } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether debug lines are written (lets hot paths skip building fields). */
  readonly verbose: boolean;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Also append every line to this file. */
  file?: string;
  /** Where lines go; defaults to stderr. */
  sink?: (line: string) => void;
  /** Do not redact tokens (only with --show-token). */
  showTokens?: boolean;
}

/** Longest log line: a line never carries a client's whole input (issue 11, item 7). */
export const MAX_LINE_CHARS = 16_384;

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}`;
    if (fields && Object.keys(fields).length > 0) line += ` ${safeJson(fields)}`;
    if (line.length > MAX_LINE_CHARS)
      line = `${line.slice(0, MAX_LINE_CHARS)}… (line cut at ${MAX_LINE_CHARS} of ${line.length} characters)`;
    if (!options.showTokens) line = redactSecrets(line);
    sink(line);
    if (options.file) {
      try {
        appendFileSync(options.file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A broken log file must never break a request.
      }
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    verbose: min <= ORDER.debug,
  };
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  const noop = () => {};
  return { debug: noop, info: noop, warn: noop, error: noop, verbose: false };
}

/** A logger that records lines in memory (tests). */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}
