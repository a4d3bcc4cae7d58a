/**
 * The desktop log file: JSON lines through the core logger (secret redaction by key and by every
 * registered value). Rotated once at start when it passed 5 MB; write errors never reach the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LineSink } from '../core/log/logger';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export class AppendFileSink implements LineSink {
  private fd: number | null = null;
  dropped = 0;

  constructor(readonly file: string) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        if (fs.statSync(file).size > LOG_MAX_BYTES) fs.renameSync(file, `${file}.1`);
      } catch {
        // no file yet
      }
      this.fd = fs.openSync(file, 'a', 0o600);
    } catch {
      this.fd = null;
    }
  }

  write(line: string): void {
    if (this.fd === null) {
      this.dropped++;
      return;
    }
    try {
      fs.writeSync(this.fd, line);
    } catch {
      this.dropped++;
    }
  }

  close(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }
}
