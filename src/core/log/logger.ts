import type { Logger as PinoLogger, pino as pinoFn } from 'pino';
import { lazySdk } from '../providers/lazy-sdk';
import type { Logger } from './types';
import type { SecretRedactor } from './redact';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Anything that takes whole JSON lines: a file, stderr, an array in a test. */
export interface LineSink {
  write(line: string): unknown;
}

interface CreateLoggerOptions {
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

/** pino is loaded with the first line actually written: most CLI commands log nothing, and
 * evaluating pino (with sonic-boom and thread-stream) is several ms of every start. */
const loadPino = lazySdk<{ pino: typeof pinoFn }>('pino');

/** pino's numeric levels, so level checks need no pino instance. */
const LEVEL_VALUES: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

class PinoBackedLogger implements CloudtopLogger {
  private p: PinoLogger | undefined;

  /** `make` builds the pino logger (or child) on the first enabled call. */
  constructor(
    private readonly make: () => PinoLogger,
    private readonly redactor: SecretRedactor,
    readonly level: LogLevel,
  ) {}

  private get pino(): PinoLogger {
    return (this.p ??= this.make());
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LEVEL_VALUES[level] >= LEVEL_VALUES[this.level];
  }

  debug(obj: Record<string, unknown>, msg?: string): void {
    if (this.isLevelEnabled('debug')) this.pino.debug(obj, msg);
  }
  info(obj: Record<string, unknown>, msg?: string): void {
    if (this.isLevelEnabled('info')) this.pino.info(obj, msg);
  }
  warn(obj: Record<string, unknown>, msg?: string): void {
    if (this.isLevelEnabled('warn')) this.pino.warn(obj, msg);
  }
  error(obj: Record<string, unknown>, msg?: string): void {
    if (this.isLevelEnabled('error')) this.pino.error(obj, msg);
  }
  child(bindings: Record<string, unknown>): CloudtopLogger {
    // Redacted now, as pino's own child() would bind them now.
    const bound = this.redactor.redact(bindings) as Record<string, unknown>;
    return new PinoBackedLogger(() => this.pino.child(bound), this.redactor, this.level);
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
  const level = opts.level ?? 'info';
  const base = { pid: process.pid, ...(opts.base ? (redactor.redact(opts.base) as Record<string, unknown>) : {}) };
  const make = (): PinoLogger => {
    const { pino } = loadPino();
    return pino(
      {
        level,
        base,
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
  };
  return new PinoBackedLogger(make, redactor, level);
}
