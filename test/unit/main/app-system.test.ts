/**
 * The login item as src/main/app-system.ts keeps it: the OS login items are touched only when the
 * user turned "launch at login" on (or off after having it on), and a settings change re-applies it
 * only when that one setting changed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { app, resetElectronMock } from '../../mocks/electron';
import { loginItemSync } from '../../../src/main/app-system';
import { silentLogger } from '../../../src/core/log/types';
import type { Core } from '../../../src/core/types';

function coreWith(launchAtLogin: boolean): Core {
  return { settings: { view: () => ({ settings: { launchAtLogin } }) } } as unknown as Core;
}

describe('loginItemSync', () => {
  beforeEach(() => resetElectronMock());

  it('leaves the OS login items alone for a user who never turned it on', () => {
    const sync = loginItemSync({ core: coreWith(false), platform: 'darwin', env: {}, log: silentLogger });
    expect(app.loginItemCalls).toEqual([]);
    sync.sync(false);
    expect(app.loginItemCalls).toEqual([]);
    sync.sync(true);
    expect(app.loginItemCalls).toHaveLength(1);
    expect(app.loginItemCalls[0]).toMatchObject({ openAtLogin: true });
  });

  it('applies the saved setting at start when it is on, and turns it off when the OS still has it', () => {
    loginItemSync({ core: coreWith(true), platform: 'darwin', env: {}, log: silentLogger });
    expect(app.loginItemCalls[0]).toMatchObject({ openAtLogin: true });
    resetElectronMock();
    app.loginItemSettings = { openAtLogin: true, wasOpenedAtLogin: false };
    loginItemSync({ core: coreWith(false), platform: 'darwin', env: {}, log: silentLogger });
    expect(app.loginItemCalls[0]).toMatchObject({ openAtLogin: false });
  });
});
