/** alerts.json (core's JsonFileAlertStore), written by the desktop app and by `cloudtop serve`. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTS_FILE_NAME, JsonFileAlertStore } from '../../../../src/core/watches/alert-file';
import type { PersistedAlerts } from '../../../../src/core/watches/alert-store';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('ct-alerts-');

const DATA = { version: 1, state: { keys: {} }, history: [] } as unknown as PersistedAlerts;

describe('JsonFileAlertStore', () => {
  it('a missing or damaged file loads as nothing (start fresh), never a throw', () => {
    const dir = tmp();
    const file = path.join(dir, ALERTS_FILE_NAME);
    expect(new JsonFileAlertStore(file).load()).toBeUndefined();
    fs.writeFileSync(file, '{"version":1,"hist');
    expect(new JsonFileAlertStore(file).load()).toBeUndefined();
  });

  it('saves atomically (mode 0600, folder created, no temp file left) and reads back', () => {
    const dir = path.join(tmp(), 'nested');
    const file = path.join(dir, ALERTS_FILE_NAME);
    const store = new JsonFileAlertStore(file);
    store.save(DATA);
    expect(fs.readdirSync(dir)).toEqual(['alerts.json']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new JsonFileAlertStore(file).load()).toEqual(DATA);
  });

  it('a failed save is swallowed (polling goes on) and leaves the old file alone', () => {
    const dir = tmp();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    expect(() => new JsonFileAlertStore(path.join(blocker, ALERTS_FILE_NAME)).save(DATA)).not.toThrow();
    expect(fs.readFileSync(blocker, 'utf8')).toBe('x');
  });
});
