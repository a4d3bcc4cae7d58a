import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type CloudtopLogger, type LineSink, type LogLevel } from '../core/log/logger';
import type { SecretRedactor } from '../core/log/redact';
import { cloudtopPaths } from './paths';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 3;

/**
 * Append-only log file with size-based rotation: when the next line would pass `maxBytes`, the file
 * becomes `<file>.1`, `.1` becomes `.2` … and the oldest beyond `keep` is dropped. Writes are
 * synchronous so the last lines before a crash are on disk. Write errors (disk full, file removed)
 * never reach the caller: logging must not take the app down.
 */
export class RotatingFileSink implements LineSink {
  private fd: number | null = null;
  private size = 0;
  /** Lines lost to write errors since start (shown by diagnostics). */
  dropped = 0;

  constructor(
    readonly file: string,
    private readonly maxBytes = LOG_MAX_BYTES,
    private readonly keep = LOG_KEEP,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.open();
  }

  private open(): void {
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    try {
      if (this.fd === null) this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      fs.writeSync(this.fd!, line);
      this.size += bytes;
    } catch {
      this.dropped++;
    }
  }

  private rotate(): void {
    this.close();
    const rotated = (i: number) => `${this.file}.${i}`;
    fs.rmSync(rotated(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (fs.existsSync(rotated(i))) fs.renameSync(rotated(i), rotated(i + 1));
    }
    if (this.keep >= 1) fs.renameSync(this.file, rotated(1));
    else fs.rmSync(this.file, { force: true });
    this.open();
  }

  close(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }
}

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

export interface FileLoggerOptions {
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

export interface FileLogger {
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
