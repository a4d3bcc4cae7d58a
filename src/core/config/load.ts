import fs from 'node:fs';
import path from 'node:path';
import { CloudtopError } from '../../shared/model';
import { providerRegistry } from '../providers/registry';
import type { AnyProviderDescriptor } from '../providers/types';
import { parseJsonText } from './json-text';
import { emptyConfig, type CloudtopConfig } from './schema';
import { validateConfig, type ConfigIssue } from './validate';

type ConfigSource = 'flag' | 'default' | 'none';

interface LoadedConfig {
  config: CloudtopConfig;
  /** Absolute path of the file read, or null when there is none. */
  path: string | null;
  /** `flag`: --config; `default`: the platform config dir; `none`: no file, empty config. */
  source: ConfigSource;
  /** Non-fatal findings (a literal secret in a file others can read). Show them, do not fail. */
  warnings: string[];
}

interface LoadConfigOptions {
  /** Where to look when no path is given (node: cloudtopPaths(env).configFile). */
  defaultPath?: string;
  /** Providers whose credential field names are checked; default: the registry. */
  descriptors?: readonly AnyProviderDescriptor[];
}

/** A config file with problems: `issues` lists every one with its JSON path; the message shows them all. */
export class ConfigFileError extends CloudtopError {
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[]) {
    const name = path.basename(file);
    const head = issues.length === 1 ? `${name} has a problem` : `${name} has ${issues.length} problems`;
    super('config', `${head} (${file}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, {
      hint: 'Fix the entries listed above. Editors can check the file with docs/cloudtop.schema.json ("$schema").',
    });
    this.name = 'ConfigFileError';
    this.file = file;
    this.issues = issues;
  }
}

/**
 * Loads cloudtop.json: `--config <path>` (must exist), else the default path if it exists, else an
 * empty config. `${ENV}` references are expanded from `env` before validation. Throws ConfigFileError
 * (code `config`) listing every problem; messages never contain values from the file.
 */
export function loadConfig(
  configPath?: string,
  env: Record<string, string | undefined> = process.env,
  opts: LoadConfigOptions = {},
): LoadedConfig {
  const source: ConfigSource = configPath ? 'flag' : 'default';
  const file = configPath ? path.resolve(configPath) : opts.defaultPath ? path.resolve(opts.defaultPath) : null;
  if (!file) return { config: emptyConfig(), path: null, source: 'none', warnings: [] };

  let text: string;
  let mode = 0;
  try {
    ({ text, mode } = readConfigFile(file));
  } catch (e) {
    if (e instanceof CloudtopError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && source === 'default')
      return { config: emptyConfig(), path: null, source: 'none', warnings: [] };
    if (code === 'ENOENT') {
      throw new CloudtopError('config', `Config file not found: ${file} (given with --config)`, {
        hint: 'Check the path, or leave out --config to use the default location.',
      });
    }
    if (code === 'EISDIR') throw new CloudtopError('config', `Config path is a folder, not a file: ${file}`);
    throw new CloudtopError('config', `Cannot read the config file ${file} (${code ?? 'error'})`, {
      hint: 'Check the file permissions.',
    });
  }

  const json = parseJsonText(text);
  if (!json.ok)
    throw new ConfigFileError(file, [{ path: `line ${json.line}, column ${json.column}`, message: json.message }]);

  const result = validateConfig(json.value, { env, descriptors: opts.descriptors ?? providerRegistry });
  if (!result.config) throw new ConfigFileError(file, result.issues);

  const warnings: string[] = [];
  // Group/other bits on POSIX only; Windows reports 0o666 for every writable file.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0 && result.literalSecretPaths.length > 0) {
    warnings.push(
      `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}) and holds secrets at ` +
        `${result.literalSecretPaths.join(', ')}: run chmod 600 on it, or use \${ENV} references or the keychain`,
    );
  }
  return { config: result.config, path: file, source, warnings };
}

/** Largest cloudtop.json read: a real one is a few KB; /dev/zero or a log file must not fill memory. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file that must be a regular file of at most MAX_CONFIG_BYTES. A FIFO would block
 * the open (and the whole process, deaf to SIGTERM) until a writer appears, a device like /dev/zero
 * never ends: both are refused before they are opened, and the open itself does not block
 * (O_NONBLOCK) in case the path was swapped in between. Errors from the file system are thrown as is.
 */
function readConfigFile(file: string): { text: string; mode: number } {
  const notRegular = () =>
    new CloudtopError('config', `Config path is not a regular file: ${file}`, {
      hint: 'Give --config a JSON file (not a pipe, device or socket).',
    });
  const before = fs.statSync(file);
  if (before.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (!before.isFile()) throw notRegular();
  const tooBig = () =>
    new CloudtopError('config', `Config file is too large: ${file} (more than ${MAX_CONFIG_BYTES / 1024} KB)`, {
      hint: 'cloudtop.json holds providers and options only; check that --config names the right file.',
    });
  if (before.size > MAX_CONFIG_BYTES) throw tooBig();
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw notRegular();
    // Read one byte past the cap so a file that grew since stat is caught too.
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_CONFIG_BYTES) throw tooBig();
    return { text: buf.subarray(0, n).toString('utf8'), mode: st.mode };
  } finally {
    fs.closeSync(fd);
  }
}
