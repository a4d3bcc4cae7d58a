import type { z } from 'zod';
import { PROVIDER_IDS, WatchInputSchema, type ProviderId } from '../../shared/model';
import { isSensitiveKey } from '../log/redact';
import type { AnyProviderDescriptor } from '../providers/types';
import { expandEnv } from './expand';
import { formatPath, suggest, type PathSegment } from './paths';
import { CloudtopConfigSchema, type CloudtopConfig } from './schema';

export interface ConfigIssue {
  /** `providers.vastai.accounts.default.apiKey`, `watches[0].filter`, `(root)`. */
  path: string;
  message: string;
}

interface ValidateOptions {
  env: Record<string, string | undefined>;
  /** Registered providers, to check credential field names. Unregistered providers are not checked. */
  descriptors?: readonly AnyProviderDescriptor[];
}

interface ValidatedConfig {
  config: CloudtopConfig | null;
  issues: ConfigIssue[];
  /** `accounts.*.*` values written literally for secret fields (not from `${ENV}`). */
  literalSecretPaths: string[];
}

/** Expands `${ENV}`, validates, and collects every problem with its JSON path. Never throws. */
export function validateConfig(raw: unknown, opts: ValidateOptions): ValidatedConfig {
  const expanded = expandEnv(raw, opts.env);
  const issues: ConfigIssue[] = [...expanded.issues];
  const blocked = new Set(expanded.issues.map((i) => i.path));

  const parsed = CloudtopConfigSchema.safeParse(expanded.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const i of describeZodIssue(issue)) if (!blocked.has(i.path)) issues.push(i);
    }
  }

  const input = isRecord(expanded.value) ? expanded.value : {};
  issues.push(...unknownWatchKeys(input.watches));
  issues.push(...unknownCredentialFields(input.providers, opts.descriptors ?? []));
  issues.push(...providerOptionIssues(input.providers, opts.descriptors ?? []));

  const literalSecretPaths = findLiteralSecrets(input.providers, opts.descriptors ?? [], expanded.expandedPaths);
  const unique = dedupe(issues);
  return { config: unique.length === 0 && parsed.success ? parsed.data : null, issues: unique, literalSecretPaths };
}

/**
 * `providers.<id>.options` against each descriptor's `optionsSchema` (the provider kit's one options
 * parser), so a bad option is a config error when the file loads, not a poll error later.
 */
function providerOptionIssues(providers: unknown, descriptors: readonly AnyProviderDescriptor[]): ConfigIssue[] {
  if (!isRecord(providers)) return [];
  const out: ConfigIssue[] = [];
  for (const d of descriptors) {
    const entry = providers[d.id];
    if (!isRecord(entry) || entry.options === undefined || !d.optionsSchema) continue;
    const r = d.optionsSchema.safeParse(entry.options);
    if (r.success) continue;
    for (const issue of r.error.issues) {
      const rest = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
      out.push({ path: formatPath(['providers', d.id, 'options', ...rest]), message: issue.message });
    }
  }
  return out;
}

function describeZodIssue(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const isProviders = path.length === 1 && path[0] === 'providers';
    return issue.keys.map((key) => {
      const where = formatPath([...path, key]);
      if (isProviders) {
        const guess = suggest(key, PROVIDER_IDS);
        return {
          path: where,
          message: `unknown provider "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${PROVIDER_IDS.join(', ')}`,
        };
      }
      const guess = suggest(key, knownKeysAt(path));
      return { path: where, message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}` };
    });
  }
  return [{ path: formatPath(path), message: issue.message }];
}

/** Keys the schema accepts at a path, for "did you mean" hints. */
function knownKeysAt(path: PathSegment[]): string[] {
  if (path.length === 0) return Object.keys(CloudtopConfigSchema.shape);
  if (path.length === 2 && path[0] === 'providers') {
    return ['enabled', 'baseUrl', 'pollSeconds', 'options', 'accounts', '$comment'];
  }
  if (path.length === 1 && path[0] === 'notifications') return ['enabled', 'quietHours', 'maxPer10Min'];
  if (path.length === 2 && path[0] === 'notifications') return ['enabled', 'start', 'end'];
  return [];
}

/** WatchInputSchema strips unknown keys; in a config file a typo must be an error instead. */
function unknownWatchKeys(watches: unknown): ConfigIssue[] {
  if (!Array.isArray(watches)) return [];
  const issues: ConfigIssue[] = [];
  watches.forEach((w, i) => {
    const r = WatchInputSchema.safeParse(w);
    if (r.success) diffKeys(w, r.data, ['watches', i], issues);
  });
  return issues;
}

function diffKeys(input: unknown, output: unknown, path: PathSegment[], issues: ConfigIssue[]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((v, i) => diffKeys(v, output[i], [...path, i], issues));
    return;
  }
  if (!isRecord(input) || !isRecord(output)) return;
  for (const [k, v] of Object.entries(input)) {
    if (k === '$comment') continue;
    if (!(k in output)) {
      const guess = suggest(k, Object.keys(output));
      issues.push({
        path: formatPath([...path, k]),
        message: `unknown key "${k}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      });
    } else diffKeys(v, output[k], [...path, k], issues);
  }
}

function unknownCredentialFields(providers: unknown, descriptors: readonly AnyProviderDescriptor[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  forEachAccountField(providers, (id, profile, field) => {
    const d = descriptors.find((x) => x.id === id);
    if (!d) return;
    const known = d.credentialFields.map((f) => f.name);
    if (known.includes(field)) return;
    const guess = suggest(field, known);
    issues.push({
      path: formatPath(['providers', id, 'accounts', profile, field]),
      message: `unknown credential field "${field}" for ${d.displayName}${guess ? ` (did you mean "${guess}"?)` : ''}; fields: ${known.join(', ')}`,
    });
  });
  return issues;
}

function findLiteralSecrets(
  providers: unknown,
  descriptors: readonly AnyProviderDescriptor[],
  expanded: Set<string>,
): string[] {
  const out: string[] = [];
  forEachAccountField(providers, (id, profile, field) => {
    const info = descriptors.find((x) => x.id === id)?.credentialFields.find((f) => f.name === field);
    const secret = info ? info.secret : isSensitiveKey(field);
    const where = formatPath(['providers', id, 'accounts', profile, field]);
    if (secret && !expanded.has(where)) out.push(where);
  });
  return out;
}

function forEachAccountField(providers: unknown, fn: (id: ProviderId, profile: string, field: string) => void): void {
  if (!isRecord(providers)) return;
  for (const id of PROVIDER_IDS) {
    const accounts = isRecord(providers[id]) ? providers[id].accounts : undefined;
    if (!isRecord(accounts)) continue;
    for (const [profile, fields] of Object.entries(accounts)) {
      if (isRecord(fields)) for (const field of Object.keys(fields)) fn(id, profile, field);
    }
  }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
