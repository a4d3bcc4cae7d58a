import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudtopPaths } from '../../../src/node/paths';

describe('cloudtopPaths', () => {
  it('CLOUDTOP_HOME puts everything in one folder', () => {
    const p = cloudtopPaths({ CLOUDTOP_HOME: '/tmp/ct-home', XDG_CONFIG_HOME: '/ignored' }, 'linux');
    expect(p).toEqual({
      settingsDir: '/tmp/ct-home',
      settingsFile: '/tmp/ct-home/settings.json',
      configFile: '/tmp/ct-home/cloudtop.json',
      logDir: '/tmp/ct-home/logs',
      logFile: '/tmp/ct-home/logs/cloudtop.log',
      origin: 'CLOUDTOP_HOME',
    });
  });

  it('resolves a relative CLOUDTOP_HOME against the working directory', () => {
    expect(cloudtopPaths({ CLOUDTOP_HOME: 'rel/home' }, 'linux').settingsDir).toBe(path.resolve('rel/home'));
  });

  it('Linux honours XDG_CONFIG_HOME and XDG_STATE_HOME', () => {
    const p = cloudtopPaths({ XDG_CONFIG_HOME: '/x/config', XDG_STATE_HOME: '/x/state' }, 'linux');
    expect(p.settingsFile).toBe('/x/config/cloudtop/settings.json');
    expect(p.configFile).toBe('/x/config/cloudtop/cloudtop.json');
    expect(p.logFile).toBe('/x/state/cloudtop/cloudtop.log');
    expect(p.origin).toBe('platform');
  });

  it('Linux defaults to ~/.config and ~/.local/state; relative XDG values are ignored', () => {
    const p = cloudtopPaths({ XDG_CONFIG_HOME: 'relative' }, 'linux');
    expect(p.settingsDir).toBe(path.join(os.homedir(), '.config', 'cloudtop'));
    expect(p.logFile).toBe(path.join(os.homedir(), '.local', 'state', 'cloudtop', 'cloudtop.log'));
  });

  it('macOS keeps settings where Electron userData is', () => {
    const p = cloudtopPaths({}, 'darwin');
    expect(p.settingsDir).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'cloudtop'));
    expect(path.basename(p.configFile)).toBe('cloudtop.json');
  });
});
