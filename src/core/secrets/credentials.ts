import * as z from 'zod';
import {
  CloudtopError,
  ProfileNameSchema,
  isCloudtopError,
  type CredentialStatus,
  type ErrorInfo,
} from '../../shared/model';
import type { SecretRedactor } from '../log/redact';
import type { AnyProviderDescriptor } from '../providers/types';
import { secretEnvName, type LocatedSecret, type SecretStore } from './types';

type FieldSource = CredentialStatus['fields'][number]['source'];

import { secretHint } from '../providers/kit/secret-hint';

export { HIDDEN_HINT, HINT_MIN_SECRET_LENGTH } from '../providers/kit/secret-hint';

export interface ResolveOptions {
  secrets: SecretStore;
  /** This account's fields from cloudtop.json (`providers.<id>.accounts.<profile>`), already expanded. */
  config?: Readonly<Record<string, string>>;
  /** Secret field values are registered here, so logs and errors never show them. */
  redactor?: SecretRedactor;
}

export interface ResolvedCredentials {
  /** Validated values, or null when a required field is missing or a value is invalid. */
  values: Record<string, string> | null;
  /** Required fields without a value. */
  missing: string[];
  /** Fields whose value failed the descriptor's schema (messages never contain the values). */
  invalid: Array<{ field: string; message: string }>;
  status: CredentialStatus;
  /** Set when the keychain could not be read; fields only there count as missing. */
  keychainError?: ErrorInfo;
}

/** The non-revealing hint shown for a configured field. */
export function credentialHint(value: string, secret: boolean): string {
  if (!secret) return value;
  return secretHint(value);
}

/**
 * Resolves one account's credentials. Per field: environment (`CLOUDTOP_<ID>[_<PROFILE>]_<FIELD>`),
 * then cloudtop.json (`providers.<id>.accounts.<profile>`), then the keychain (or this session's
 * memory). The environment and the file are explicit choices for one run; the keychain is what was
 * saved earlier, so it comes last.
 */
export async function resolveCredentials(
  descriptor: AnyProviderDescriptor,
  profile: string,
  opts: ResolveOptions,
): Promise<ResolvedCredentials> {
  const provider = descriptor.id;
  const fromConfig = opts.config ?? {};
  const raw: Record<string, string> = {};
  const fields: CredentialStatus['fields'] = [];
  const missing: string[] = [];
  let keychainError: ErrorInfo | undefined;

  for (const info of descriptor.credentialFields) {
    const ref = { provider, profile, field: info.name };
    let located: LocatedSecret | undefined;
    try {
      located = opts.secrets.locate ? await opts.secrets.locate(ref) : await locateByKind(opts.secrets, ref);
    } catch (e) {
      if (!isCloudtopError(e) || e.code !== 'keychain_unavailable') throw e;
      // The chain reads the environment before the keychain, so nothing was found there either;
      // the file may still have the value.
      keychainError = e.toInfo();
      located = undefined;
    }
    let value: string | undefined;
    let source: FieldSource = 'none';
    if (located?.source === 'env') {
      value = located.value;
      source = 'env';
    } else if (fromConfig[info.name] !== undefined) {
      value = fromConfig[info.name];
      source = 'config';
    } else if (located) {
      value = located.value;
      source = located.source;
    }
    if (value !== undefined && value !== '') {
      raw[info.name] = value;
      if (info.secret) opts.redactor?.register(value);
      fields.push({ name: info.name, configured: true, source, hint: credentialHint(value, info.secret) });
    } else {
      fields.push({ name: info.name, configured: false, source: 'none' });
      if (!info.optional) missing.push(info.name);
    }
  }

  let values: Record<string, string> | null = null;
  const invalid: Array<{ field: string; message: string }> = [];
  // No value anywhere means nothing to validate and nothing configured (no registered schema accepts
  // an empty record: test/unit/core/registry.test.ts). `cloudtop status` with nothing set up then
  // builds no credential schema at all.
  if (missing.length === 0 && fields.some((f) => f.configured)) {
    // One parse per account per run: `jitless` skips compiling zod's fast parser for it (CLI start).
    const parsed = descriptor.credentialSchema.safeParse(raw, { jitless: true });
    if (parsed.success) values = parsed.data as Record<string, string>;
    else {
      for (const issue of parsed.error.issues) {
        invalid.push({ field: String(issue.path[0] ?? '(all)'), message: scrub(issue.message, raw) });
      }
    }
  }

  const status: CredentialStatus = { provider, account: profile, fields, configured: values !== null };
  return { values, missing, invalid, status, ...(keychainError ? { keychainError } : {}) };
}

/** Stores without `locate` name their source by kind. */
async function locateByKind(
  store: SecretStore,
  ref: Parameters<SecretStore['get']>[0],
): Promise<LocatedSecret | undefined> {
  const value = await store.get(ref);
  if (value === undefined) return undefined;
  const source = store.kind === 'env' ? 'env' : store.kind === 'memory' ? 'session' : 'keychain';
  return { value, source };
}

function scrub(message: string, values: Record<string, string>): string {
  let out = message;
  for (const v of Object.values(values)) if (v.length >= 4) out = out.split(v).join('•••');
  return out;
}

export interface SaveResult {
  saved: string[];
  /** Fields saved that an environment variable still overrides (its name is given). */
  shadowedByEnv: Array<{ field: string; env: string }>;
}

/**
 * Saves an account's credentials to the store (the keychain through the chain store). Field names
 * are checked against the descriptor; an empty string leaves a field unchanged (a masked input that
 * was not touched). Values of single-line fields are trimmed (pasted keys carry a newline).
 */
export async function saveCredentials(
  descriptor: AnyProviderDescriptor,
  profile: string,
  values: Record<string, string>,
  secrets: SecretStore,
  redactor?: SecretRedactor,
): Promise<SaveResult> {
  const provider = descriptor.id;
  checkProfile(provider, profile);
  const known = new Map(descriptor.credentialFields.map((f) => [f.name, f]));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new CloudtopError(
      'config',
      `Unknown credential field${unknown.length > 1 ? 's' : ''} for ${descriptor.displayName}: ${unknown.join(', ')}`,
      { provider, hint: `Known fields: ${[...known.keys()].join(', ')}` },
    );
  }

  const cleaned: Array<[string, string]> = [];
  for (const [field, rawValue] of Object.entries(values)) {
    const info = known.get(field)!;
    const value = info.multiline ? rawValue.replace(/\r\n/g, '\n') : rawValue.trim();
    if (value === '') continue;
    if (info.secret) redactor?.register(value);
    const problem = fieldProblem(descriptor, field, value);
    if (problem) {
      throw new CloudtopError(
        'config',
        `${descriptor.displayName} ${info.label}: ${scrub(problem, { [field]: value })}`,
        { provider },
      );
    }
    cleaned.push([field, value]);
  }

  const shadowedByEnv: SaveResult['shadowedByEnv'] = [];
  for (const [field, value] of cleaned) {
    await secrets.set({ provider, profile, field }, value);
    const ref = { provider, profile, field };
    const located = secrets.locate ? await secrets.locate(ref).catch(() => undefined) : undefined;
    if (located?.source === 'env') shadowedByEnv.push({ field, env: secretEnvName(ref) });
  }
  return { saved: cleaned.map(([f]) => f), shadowedByEnv };
}

/** Validates one field with the descriptor's object schema when it has one. */
function fieldProblem(descriptor: AnyProviderDescriptor, field: string, value: string): string | undefined {
  const schema = descriptor.credentialSchema;
  if (!(schema instanceof z.ZodObject)) return undefined;
  const fieldSchema = (schema.shape as Record<string, z.ZodType | undefined>)[field];
  if (!fieldSchema) return undefined;
  const r = fieldSchema.safeParse(value);
  return r.success ? undefined : r.error.issues.map((i) => i.message).join('; ');
}

export interface DeleteResult {
  deleted: string[];
  /** Fields still set by environment variables, which cloudtop cannot remove. */
  stillInEnv: Array<{ field: string; env: string }>;
}

/** Deletes every credential field of an account from the store (keychain and session memory). */
export async function deleteCredentials(
  descriptor: AnyProviderDescriptor,
  profile: string,
  secrets: SecretStore,
): Promise<DeleteResult> {
  const provider = descriptor.id;
  checkProfile(provider, profile);
  const deleted: string[] = [];
  const stillInEnv: DeleteResult['stillInEnv'] = [];
  for (const { name } of descriptor.credentialFields) {
    const ref = { provider, profile, field: name };
    if (await secrets.delete(ref)) deleted.push(name);
    const located = secrets.locate ? await secrets.locate(ref).catch(() => undefined) : undefined;
    if (located?.source === 'env') stillInEnv.push({ field: name, env: secretEnvName(ref) });
  }
  return { deleted, stillInEnv };
}

function checkProfile(provider: string, profile: string): void {
  if (!ProfileNameSchema.safeParse(profile).success) {
    throw new CloudtopError('config', `Invalid profile name "${profile.slice(0, 40)}"`, {
      provider,
      hint: 'Profile names use letters, digits, "-" and "_" (at most 32 characters).',
    });
  }
}
