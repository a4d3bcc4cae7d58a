import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expandPath,
  loadOciConfigProfile,
  parseOciConfig,
  resolveOciProfile,
  type OciConfigFs,
} from '../../../../../src/core/providers/oci/config-file';
import { CloudtopError } from '../../../../../src/shared/model';

const HOME = '/home/ada';
const CONFIG = `\uFEFF# created by oci setup config
[DEFAULT]
user=ocid1.user.oc1..aaaadefault
fingerprint = 11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00
key_file=~/.oci/oci_api_key.pem
tenancy=ocid1.tenancy.oc1..aaaatenancy
region=us-ashburn-1

; a second profile only overrides what differs
[FRANKFURT]
region=eu-frankfurt-1
\r
[OTHER]
user=ocid1.user.oc1..aaaaother
fingerprint=aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa
key_file=keys/other.pem
tenancy=ocid1.tenancy.oc1..aaaatenancy
region=uk-london-1
pass_phrase=s3cret=with=equals

[SESSION]
tenancy=ocid1.tenancy.oc1..aaaatenancy
region=us-phoenix-1
security_token_file=~/.oci/sessions/x/token
`;
const where = { configPath: `${HOME}/.oci/config`, home: HOME };

function rejectsWith(fn: () => unknown): CloudtopError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CloudtopError);
    return e as CloudtopError;
  }
  throw new Error('did not throw');
}

describe('parseOciConfig', () => {
  it('reads sections, trims, lowercases keys, keeps "=" inside values and ignores comments', () => {
    const s = parseOciConfig(CONFIG);
    expect([...s.keys()]).toEqual(['DEFAULT', 'FRANKFURT', 'OTHER', 'SESSION']);
    expect(s.get('DEFAULT')!.fingerprint).toBe('11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00');
    expect(s.get('OTHER')!.pass_phrase).toBe('s3cret=with=equals');
    expect(s.get('FRANKFURT')).toEqual({ region: 'eu-frankfurt-1' });
  });

  it('ignores lines outside a section and lines without "="', () => {
    expect(parseOciConfig('user=x\n[A]\nnonsense\nregion=r')).toEqual(new Map([['A', { region: 'r' }]]));
  });
});

describe('resolveOciProfile', () => {
  const sections = parseOciConfig(CONFIG);

  it('resolves DEFAULT with ~ expanded', () => {
    expect(resolveOciProfile(sections, 'DEFAULT', where)).toEqual({
      profile: 'DEFAULT',
      tenancy: 'ocid1.tenancy.oc1..aaaatenancy',
      user: 'ocid1.user.oc1..aaaadefault',
      fingerprint: '11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00',
      keyFile: path.join(HOME, '.oci/oci_api_key.pem'),
      region: 'us-ashburn-1',
      passphrase: undefined,
    });
  });

  it('inherits DEFAULT values in other profiles', () => {
    const p = resolveOciProfile(sections, 'FRANKFURT', where);
    expect(p.region).toBe('eu-frankfurt-1');
    expect(p.user).toBe('ocid1.user.oc1..aaaadefault');
  });

  it('resolves a relative key_file against the config folder and reads pass_phrase', () => {
    const p = resolveOciProfile(sections, 'OTHER', where);
    expect(p.keyFile).toBe(path.join(HOME, '.oci/keys/other.pem'));
    expect(p.passphrase).toBe('s3cret=with=equals');
  });

  it('names the missing keys, not their values', () => {
    const only = parseOciConfig('[P]\ntenancy=ocid1.tenancy.oc1..x\nregion=us-ashburn-1\n');
    const e = rejectsWith(() => resolveOciProfile(only, 'P', where));
    expect(e.code).toBe('config');
    expect(e.message).toBe(`Profile [P] in ${HOME}/.oci/config is missing: user, fingerprint, key_file`);
  });

  it('explains session-token profiles', () => {
    const e = rejectsWith(() =>
      resolveOciProfile(parseOciConfig('[SESSION]\ntenancy=t\nregion=r\nsecurity_token_file=f\n'), 'SESSION', where),
    );
    expect(e.hint).toMatch(/session-token/);
  });

  it('an unknown profile lists the known ones', () => {
    const e = rejectsWith(() => resolveOciProfile(sections, 'NOPE', where));
    expect(e.message).toContain('[NOPE] not found');
    expect(e.hint).toContain('DEFAULT, FRANKFURT, OTHER, SESSION');
  });
});

describe('expandPath', () => {
  it('expands ~ and resolves relative paths', () => {
    expect(expandPath('~', HOME)).toBe(HOME);
    expect(expandPath('~/k.pem', HOME)).toBe(path.join(HOME, 'k.pem'));
    expect(expandPath('/abs/k.pem', HOME, '/x')).toBe('/abs/k.pem');
    expect(expandPath('k.pem', HOME, '/etc/oci')).toBe('/etc/oci/k.pem');
  });
});

describe('loadOciConfigProfile', () => {
  const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
  function fakeFs(files: Record<string, string>): OciConfigFs & { reads: string[] } {
    const reads: string[] = [];
    return {
      home: HOME,
      reads,
      async readFile(p) {
        reads.push(p);
        if (p in files) return files[p]!;
        throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      },
    };
  }

  it('reads ~/.oci/config and the key file of the DEFAULT profile', async () => {
    const fs = fakeFs({ [`${HOME}/.oci/config`]: CONFIG, [`${HOME}/.oci/oci_api_key.pem`]: PEM });
    const c = await loadOciConfigProfile({}, fs);
    expect(c).toMatchObject({ profile: 'DEFAULT', region: 'us-ashburn-1', privateKey: PEM });
    expect(fs.reads).toEqual([`${HOME}/.oci/config`, `${HOME}/.oci/oci_api_key.pem`]);
  });

  it('uses the given file (with ~) and profile', async () => {
    const fs = fakeFs({ [`${HOME}/work/oci.cfg`]: CONFIG, [`${HOME}/work/keys/other.pem`]: PEM });
    const c = await loadOciConfigProfile({ configFile: '~/work/oci.cfg', profile: 'OTHER' }, fs);
    expect(c.user).toBe('ocid1.user.oc1..aaaaother');
  });

  it('a missing config file is a config error with a hint', async () => {
    await expect(loadOciConfigProfile({}, fakeFs({}))).rejects.toMatchObject({
      code: 'config',
      message: `OCI config file ${HOME}/.oci/config does not exist`,
      hint: expect.stringContaining('oci setup config'),
    });
  });

  it('a key file that is not a PEM key is refused without quoting it', async () => {
    const fs = fakeFs({
      [`${HOME}/.oci/config`]: CONFIG,
      [`${HOME}/.oci/oci_api_key.pem`]: 'ssh-rsa AAAAB3Nza secret-ish',
    });
    const e = (await loadOciConfigProfile({}, fs).then(
      () => undefined,
      (x: unknown) => x,
    )) as CloudtopError;
    expect(e).toBeInstanceOf(CloudtopError);
    expect(e.code).toBe('config');
    expect(e.message).toContain('is not a PEM private key');
    expect(e.message).not.toContain('AAAAB3Nza');
  });
});
