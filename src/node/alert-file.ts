/** Watches state and alert history in `alerts.json` next to settings.json (mode 0600, atomic writes). */
import fs from 'node:fs';
import path from 'node:path';
import type { AlertPersistence, PersistedAlerts } from '../core/watches/alert-store';

export class JsonFileAlertStore implements AlertPersistence {
  constructor(readonly file: string) {}

  load(): unknown {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
    } catch {
      // Missing or damaged: start fresh. It only holds alert bookkeeping, never settings or secrets.
      return undefined;
    }
  }

  save(data: PersistedAlerts): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      // A full disk must not stop polling; the next save tries again.
    }
  }
}
