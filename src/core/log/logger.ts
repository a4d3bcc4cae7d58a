import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from './types';
import type { SecretRedactor } from './redact';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Anything that takes whole JSON lines: a file, stderr, an array in a test. */
export interface LineSink {
  write(line: string): unknown;
}

export interface CreateLoggerOptions {
  destination: LineSink;
  level?: LogLevel;
  /** Every loaded secret is registered here; without one only key-based redaction applies. */
  redactor: SecretRedactor;
  /** Fields added to every line. */
  base?: Record<string, unknown>;
}

export interface CloudtopLogger extends Logger {
  readonly level: LogLevel;
  isLevelEnabled(level: LogLevel): boolean;
}

class PinoBackedLogger implements CloudtopLogger {
  constructor(
    private readonly p: PinoLogger,
    private readonly redactor: SecretRedactor,
  ) {}

  get level(): LogLevel {
    return this.p.level as LogLevel;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.p.isLevelEnabled(level);
  }

  debug(obj: Record<string, unknown>, msg?: string): void {
    this.p.debug(obj, msg);
  }
  info(obj: Record<string, unknown>, msg?: string): void {
    this.p.info(obj, msg);
  }
  warn(obj: Record<string, unknown>, msg?: string): void {
    this.p.warn(obj, msg);
  }
  error(obj: Record<string, unknown>, msg?: string): void {
    this.p.error(obj, msg);
  }
  child(bindings: Record<string, unknown>): CloudtopLogger {
    return new PinoBackedLogger(this.p.child(this.redactor.redact(bindings) as Record<string, unknown>), this.redactor);
  }
}

/**
 * JSON-lines logger on pino. Redaction happens twice: the arguments of every call are deep-copied
 * through the redactor before pino sees them (key-based + value-based, works on unescaped text),
 * and every finished line is scrubbed again on its way to the sink (catches anything pino adds).
 */
export function createLogger(opts: CreateLoggerOptions): CloudtopLogger {
  const { redactor, destination } = opts;
  const sink = {
    write(line: string) {
      destination.write(redactor.redactText(line));
    },
  };
  const p = pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid, ...(opts.base ? (redactor.redact(opts.base) as Record<string, unknown>) : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors were already turned into redacted plain objects; pino's own err serializer would
      // relabel them `type: "Object"`.
      serializers: { err: (e: unknown) => e },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => redactor.redact(a));
          // pino's overloads do not model a spread of unknowns; the shapes are unchanged.
          return (method as (...a: unknown[]) => void).apply(this, clean);
        },
      },
    },
    sink,
  );
  return new PinoBackedLogger(p, redactor);
}
