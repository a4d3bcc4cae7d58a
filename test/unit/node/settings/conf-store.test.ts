/**
 * The CLI's settings store's own wiring: conf as the backing store, in the platform's settings folder.
 * The shared reading, repair, backup and migration rules are tested through both faces in
 * test/unit/core/settings/file-settings-store.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfSettingsStore, openConf } from '../../../../src/node/settings/conf-store';
import { cloudtopPaths } from '../../../../src/node/paths';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('cloudtop-conf-');

describe('ConfSettingsStore', () => {
  it('defaults to settings.json in the platform settings folder (cloudtopPaths)', () => {
    expect(new ConfSettingsStore().path).toBe(cloudtopPaths().settingsFile);
  });

  it('conf writes settings.json (mode 0600) in the given folder', () => {
    const dir = tmp();
    const conf = openConf(dir) as unknown as { path: string; store: Record<string, unknown> };
    expect(conf.path).toBe(path.join(dir, 'settings.json'));
    conf.store = { a: 1 };
    expect(JSON.parse(fs.readFileSync(conf.path, 'utf8'))).toEqual({ a: 1 });
    if (process.platform !== 'win32') expect(fs.statSync(conf.path).mode & 0o777).toBe(0o600);
  });
});
