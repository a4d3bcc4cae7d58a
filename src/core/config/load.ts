import fs from 'node:fs';
import path from 'node:path';
import { CloudtopError } from '../../shared/model';
import { providerRegistry } from '../providers/registry';
import type { AnyProviderDescriptor } from '../providers/types';
import { parseJsonText } from './json-text';
import { emptyConfig, type CloudtopConfig } from './schema';
import { validateConfig, type ConfigIssue } from './validate';

export type ConfigSource = 'flag' | 'default' | 'none';

export interface LoadedConfig {
  config: CloudtopConfig;
  /** Absolute path of the file read, or null when there is none. */
  path: string | null;
  /** `flag`: --config; `default`: the platform config dir; `none`: no file, empty config. */
  source: ConfigSource;
  /** Non-fatal findings (a literal secret in a file others can read). Show them, do not fail. */
  warnings: string[];
}

export interface LoadConfigOptions {
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
    text = fs.readFileSync(file, 'utf8');
    mode = fs.statSync(file).mode;
  } catch (e) {
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
