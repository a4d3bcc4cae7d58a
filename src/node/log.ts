import { RotatingFileSink } from '../core/log/file-sink';
import { createLogger, type CloudtopLogger, type LineSink, type LogLevel } from '../core/log/logger';
import type { SecretRedactor } from '../core/log/redact';
import { cloudtopPaths } from './paths';

const HIDDEN_KEYS = new Set(['time', 'level', 'msg', 'pid', 'hostname']);

/** One JSON log line → `12:03:04.567 WARN  vastai: request failed status=429 attempt=2`. */
export function prettyLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = typeof rec.time === 'string' ? rec.time.slice(11, 23) : '';
  const level = String(rec.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const msg = typeof rec.msg === 'string' ? rec.msg : '';
  const fields = Object.entries(rec)
    .filter(([k]) => !HIDDEN_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`);
  return `${[time, level, msg, ...fields].filter(Boolean).join(' ')}\n`;
}

interface FileLoggerOptions {
  redactor: SecretRedactor;
  /** Defaults to cloudtopPaths().logFile. */
  file?: string;
  /** `--verbose`: level debug, and every line also to stderr in a human format. */
  verbose?: boolean;
  /** Overrides the level (default: info, debug with verbose). */
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
  /** Where verbose lines go (default process.stderr). */
  stderr?: LineSink;
}

interface FileLogger {
  logger: CloudtopLogger;
  /** The log file in use, or null when it could not be opened. */
  file: string | null;
  /** Why there is no log file (shown once by the caller, never thrown). */
  problem?: string;
  close(): void;
}

/** The CLI/server logger: JSON lines to the documented log file, plus stderr with `--verbose`. */
export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const file = opts.file ?? cloudtopPaths().logFile;
  const stderr = opts.stderr ?? process.stderr;
  let sink: RotatingFileSink | null = null;
  let problem: string | undefined;
  try {
    sink = new RotatingFileSink(file, opts.maxBytes, opts.keep);
  } catch (e) {
    problem = `cannot write the log file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  const destination: LineSink = {
    write(line: string) {
      sink?.write(line);
      if (opts.verbose) stderr.write(prettyLine(line));
    },
  };
  const logger = createLogger({
    destination,
    redactor: opts.redactor,
    level: opts.level ?? (opts.verbose ? 'debug' : 'info'),
  });
  return { logger, file: sink ? file : null, problem, close: () => sink?.close() };
}
