// A tiny structured logger. No module-level state: each gateway builds its own from its context.
// Secrets are redacted before anything is written (see ./redact.ts).
// Two formats: human lines (default) and `json`, one JSON object per line for log collectors.
// Not pino: what we need is a line writer plus pattern-based redaction of secrets anywhere in the
// line (pino redacts by field path, which would miss a token inside a message), so a dependency
// would add weight without removing code.
import { appendFileSync } from 'node:fs';
import { redactSecrets } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const LABEL: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR' };

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
  /** `text` (default): `time LEVEL message {fields}`; `json`: `{"time","level","msg",...fields}`. */
  format?: LogFormat;
  /**
   * Hand the sink the lines of one event-loop turn together (joined by newlines), instead of one
   * write per line: on a busy gateway the access log is a line per request, and a write to a pipe
   * or terminal is a synchronous system call. Lines still written at exit (see flushAtExit).
   */
  batch?: boolean;
  /**
   * With `batch`: gather lines for up to this many milliseconds instead of one event-loop turn
   * (a busy gateway then writes a few times a second, not once per turn), and sooner once
   * BATCH_MAX_CHARS are waiting. Lines still written at exit.
   */
  batchMs?: number;
}

/** A batch of lines waiting longer than batchMs is written at once when it reaches this size. */
export const BATCH_MAX_CHARS = 64 * 1024;

/** Longest log line: a line never carries a client's whole input (issue 11, item 7). */
export const MAX_LINE_CHARS = 16_384;

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const direct = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sink = options.batch ? batchedSink(direct, options.batchMs ?? 0) : direct;
  const format = options.format ?? 'text';
  // The time of a line, formatted once per millisecond (toISOString is most of a short line's cost).
  let lastMs = -1;
  let lastTime = '';
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastTime = new Date(ms).toISOString();
    }
    const time = lastTime;
    let line = format === 'json' ? jsonLine(time, level, msg, fields) : textLine(time, level, msg, fields);
    if (line.length > MAX_LINE_CHARS) line = cutLine(line, format, time, level, msg);
    // Redaction keeps a JSON line valid: it replaces characters inside strings with `[redacted]`.
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

/** Collects the lines of one event-loop turn (or of `ms`) and writes them with one sink call. */
function batchedSink(write: (text: string) => void, ms: number): (line: string) => void {
  let pending: string[] = [];
  let chars = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    process.off('exit', flush);
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    chars = 0;
    write(lines.join('\n'));
  };
  return (line) => {
    if (pending.length === 0) {
      if (ms > 0) timer = setTimeout(flush, ms).unref();
      else setImmediate(flush);
      // A process that exits first (process.exit after a signal) still writes what it logged.
      process.once('exit', flush);
    }
    pending.push(line);
    chars += line.length;
    if (ms > 0 && chars >= BATCH_MAX_CHARS) flush();
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

/**
 * A line over MAX_LINE_CHARS, cut. Text: its first MAX_LINE_CHARS characters. JSON: still one valid
 * object, the message cut short (an eighth of the limit: escaping can grow a character to six)
 * and the fields left out.
 */
function cutLine(line: string, format: LogFormat, time: string, level: LogLevel, msg: string): string {
  const note = `line cut at ${MAX_LINE_CHARS} of ${line.length} characters`;
  if (format !== 'json') return `${line.slice(0, MAX_LINE_CHARS)}… (${note})`;
  const max = MAX_LINE_CHARS / 8;
  return JSON.stringify({ time, level, msg: msg.length > max ? `${msg.slice(0, max)}…` : msg, cut: note });
}

function textLine(time: string, level: LogLevel, msg: string, fields?: Record<string, unknown>): string {
  let line = `${time} ${LABEL[level]} ${msg}`;
  if (fields === undefined) return line;
  // Most fields (the access line's trace id) are flat strings and numbers: serialised without
  // the replacer, whose per-value callback is most of the cost of a line.
  let any = false;
  let flat = true;
  for (const key in fields) {
    any = true;
    const v = fields[key];
    if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
      flat = false;
      break;
    }
  }
  if (any) line += ` ${flat ? JSON.stringify(fields) : safeJson(fields)}`;
  return line;
}

/** time, level and msg first and never overwritten by a field of the same name. */
function jsonLine(time: string, level: LogLevel, msg: string, fields?: Record<string, unknown>): string {
  const record: Record<string, unknown> = { time, level, msg };
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (!(key in record)) record[key] = value;
  }
  try {
    return JSON.stringify(record, jsonReplacer);
  } catch {
    return JSON.stringify({ time, level, msg, fields: '[unserialisable]' });
  }
}

/** Errors become {name, message}; bigints become strings; a cycle or a throwing getter never throws. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, jsonReplacer);
  } catch {
    return '[unserialisable]';
  }
}
