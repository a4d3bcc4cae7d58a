/**
 * The standard OCI CLI/SDK config file (`~/.oci/config`), read by us rather than by the SDK's
 * ConfigFileReader: that one prints to the console and resolves paths against the process cwd.
 *
 * Format (INI): `[PROFILE]` sections of `key=value`; `#`/`;` comments; values of the DEFAULT
 * profile are inherited by every other profile (the OCI CLI and SDKs behave the same way).
 */
// node:fs, not node:fs/promises: the registry loads this file (credential schema), and fs/promises
// would load with it at every start; `fs.promises` loads it when a config file is actually read.
import nodeFsModule from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CloudtopError } from '../../../shared/model';

export const DEFAULT_OCI_CONFIG_PATH = '~/.oci/config';
export const DEFAULT_OCI_PROFILE = 'DEFAULT';

export type OciConfigSections = Map<string, Record<string, string>>;

/** Parses the INI text into sections; keys are lowercased, values trimmed. Never throws. */
export function parseOciConfig(text: string): OciConfigSections {
  const sections: OciConfigSections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    // Lines before the first section or without "=" are ignored, like the OCI CLI does.
    if (eq <= 0 || !current) continue;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

export interface OciProfile {
  profile: string;
  tenancy: string;
  user: string;
  fingerprint: string;
  /** Absolute path of the PEM private key. */
  keyFile: string;
  region: string;
  passphrase?: string;
}

const REQUIRED_KEYS = ['user', 'fingerprint', 'key_file', 'tenancy', 'region'] as const;

/** `~` and relative paths: relative key_file paths are taken relative to the config file's folder. */
export function expandPath(p: string, home: string, baseDir?: string): string {
  let out = p;
  if (out === '~') out = home;
  else if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(home, out.slice(2));
  if (!path.isAbsolute(out)) out = path.resolve(baseDir ?? home, out);
  return out;
}

/**
 * Picks one profile (DEFAULT values inherited) and checks it has everything API-key auth needs.
 * Errors name the profile, the file and the missing keys, never values.
 */
export function resolveOciProfile(
  sections: OciConfigSections,
  profile: string,
  where: { configPath: string; home: string },
): OciProfile {
  const own = sections.get(profile);
  if (!own) {
    const known = [...sections.keys()];
    throw new CloudtopError('config', `Profile [${profile}] not found in ${where.configPath}`, {
      provider: 'oci',
      hint: known.length
        ? `Profiles in that file: ${known.join(', ')}`
        : 'The file has no profiles; run `oci setup config` to create one.',
    });
  }
  const merged: Record<string, string> = {
    ...(profile === DEFAULT_OCI_PROFILE ? {} : sections.get(DEFAULT_OCI_PROFILE)),
    ...own,
  };
  const missing = REQUIRED_KEYS.filter((k) => !merged[k]);
  if (missing.length) {
    const sessionAuth = Boolean(merged.security_token_file);
    throw new CloudtopError('config', `Profile [${profile}] in ${where.configPath} is missing: ${missing.join(', ')}`, {
      provider: 'oci',
      hint: sessionAuth
        ? 'This profile uses session-token auth (security_token_file), which cloudtop does not support: add an API signing key to the profile.'
        : 'Add the missing keys (see "oci setup config") or enter the fields in cloudtop instead.',
    });
  }
  return {
    profile,
    tenancy: merged.tenancy!,
    user: merged.user!,
    fingerprint: merged.fingerprint!,
    keyFile: expandPath(merged.key_file!, where.home, path.dirname(where.configPath)),
    region: merged.region!,
    passphrase: merged.pass_phrase || undefined,
  };
}

export interface OciFileCredentials extends Omit<OciProfile, 'keyFile'> {
  privateKey: string;
}

export interface OciConfigFs {
  readFile(p: string): Promise<string>;
  home: string;
}

const nodeFs: OciConfigFs = { readFile: (p) => nodeFsModule.promises.readFile(p, 'utf8'), home: homedir() };

/** Reads the config file and the key file of one profile. */
export async function loadOciConfigProfile(
  opts: { configFile?: string; profile?: string },
  fs: OciConfigFs = nodeFs,
): Promise<OciFileCredentials> {
  const configPath = expandPath(opts.configFile || DEFAULT_OCI_CONFIG_PATH, fs.home);
  const profile = opts.profile || DEFAULT_OCI_PROFILE;
  const text = await readOrExplain(
    fs,
    configPath,
    'OCI config file',
    'Run `oci setup config` or point cloudtop at your config file.',
  );
  const resolved = resolveOciProfile(parseOciConfig(text), profile, { configPath, home: fs.home });
  const privateKey = await readOrExplain(
    fs,
    resolved.keyFile,
    `Private key file of profile [${profile}]`,
    `Fix key_file in ${configPath}.`,
  );
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    throw new CloudtopError(
      'config',
      `${resolved.keyFile} (key_file of profile [${profile}]) is not a PEM private key`,
      { provider: 'oci' },
    );
  }
  const { keyFile: _keyFile, ...rest } = resolved;
  return { ...rest, privateKey };
}

async function readOrExplain(fs: OciConfigFs, p: string, what: string, hint: string): Promise<string> {
  try {
    return await fs.readFile(p);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : 'could not be read';
    throw new CloudtopError('config', `${what} ${p} ${why}`, { provider: 'oci', hint, cause: e });
  }
}
