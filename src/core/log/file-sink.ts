/**
 * The log file of the desktop app, the CLI and `cloudtop serve` (README "Where things live":
 * `cloudtop.log`, JSON lines, rotated at 5 MB, 3 kept). Lines arrive already redacted by the core
 * logger (src/core/log/logger.ts); this only stores them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LineSink } from './logger';

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
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotateOrKeepWriting();
      fs.writeSync(this.fd!, line);
      this.size += bytes;
    } catch {
      this.dropped++;
    }
  }

  /** A rotation that fails (file locked, folder gone) must not cost the line: it goes to the current file. */
  private rotateOrKeepWriting(): void {
    try {
      this.rotate();
    } catch {
      if (this.fd === null) this.open();
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

/** The desktop's log sink: a log file that cannot be opened (read-only home) never stops the app. */
export function openLogSink(file: string): LineSink & { close(): void } {
  try {
    return new RotatingFileSink(file);
  } catch {
    return { write: () => {}, close: () => {} };
  }
}
