import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliContext } from '../context';
import { EXIT, UsageError } from '../io';
import { confirm, promptHidden, promptLine, readAll } from '../prompt';
import { renderTable } from '../output/table';
import { ProfileNameSchema, PROVIDER_IDS, type ProviderId, type ProviderInfo } from '../../../shared/model';
import { discoverCredentials } from '../../discovery';

function providerArg(raw: string | undefined): ProviderId {
  const id = (raw ?? '').toLowerCase();
  if (!(PROVIDER_IDS as readonly string[]).includes(id))
    throw new UsageError(`unknown provider "${raw ?? ''}". Valid: ${PROVIDER_IDS.join(', ')}`);
  return id as ProviderId;
}

function accountArg(raw: unknown): string {
  const r = ProfileNameSchema.safeParse(raw ?? 'default');
  if (!r.success) throw new UsageError(`--account: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/**
 * Reads credential values: from a hidden prompt per field on a TTY, or from stdin otherwise
 * (one value when the provider has one required field; `field=value` lines or a JSON object when
 * it has several). `--field f --from-file path` sets one field from a file (PEM keys).
 */
async function readValues(
  ctx: CliContext,
  info: ProviderInfo,
  o: Record<string, unknown>,
): Promise<Record<string, string>> {
  const fields = info.credentialFields;
  const only = typeof o.field === 'string' ? fields.find((f) => f.name === o.field) : undefined;
  if (typeof o.field === 'string' && !only)
    throw new UsageError(
      `--field: ${info.id} has no field "${o.field}". Fields: ${fields.map((f) => f.name).join(', ')}`,
    );
  if (typeof o.fromFile === 'string') {
    if (!only) throw new UsageError('--from-file needs --field <name>');
    const file = o.fromFile.startsWith('~/') ? path.join(os.homedir(), o.fromFile.slice(2)) : o.fromFile;
    try {
      return { [only.name]: fs.readFileSync(file, 'utf8') };
    } catch (e) {
      throw new UsageError(`--from-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const targets = only ? [only] : fields;
  if (ctx.io.stdin.isTTY) {
    const out: Record<string, string> = {};
    for (const f of targets) {
      if (f.multiline) {
        ctx.io.stderr.write(
          `${f.label}: multi-line value; use --field ${f.name} --from-file <path> or pipe it on stdin. Skipped.\n`,
        );
        continue;
      }
      const label = `${f.label}${f.optional ? ' (optional, Enter to skip)' : ''}: `;
      const v = f.secret ? await promptHidden(ctx.io, label) : await promptLine(ctx.io, label);
      if (v.trim()) out[f.name] = v.trim();
    }
    return out;
  }
  const text = await readAll(ctx.io);
  const required = targets.filter((f) => !f.optional);
  if (targets.length === 1 || (required.length === 1 && !/^\s*[{]/.test(text) && !/^[a-zA-Z]+=/m.test(text))) {
    const f = targets.length === 1 ? targets[0]! : required[0]!;
    const v = f.multiline ? text : text.trim();
    return v ? { [f.name]: v } : {};
  }
  if (/^\s*\{/.test(text)) {
    try {
      const obj = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(obj).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    } catch {
      throw new UsageError('stdin looks like JSON but does not parse');
    }
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-zA-Z][a-zA-Z0-9]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

export async function authSet(ctx: CliContext, providerRaw: string, o: Record<string, unknown>): Promise<number> {
  const provider = providerArg(providerRaw);
  const account = accountArg(o.account);
  const handle = await ctx.openCore({ includeAnonymous: true, providers: [provider] });
  try {
    const info = handle.core.providers().find((p) => p.id === provider)!;
    const values = await readValues(ctx, info, o);
    if (Object.keys(values).length === 0) throw new UsageError('no value given (nothing was saved)');
    if (o.test !== false) {
      const current = await handle.core.credentials.status(provider, account);
      const missing = info.credentialFields.filter(
        (f) => !f.optional && !values[f.name] && !current.fields.find((x) => x.name === f.name)?.configured,
      );
      // The test uses the values given now, so every required field must be among them. (Counting
      // fields instead skipped the test for providers whose only field is optional, e.g. Vast.ai.)
      const testable = missing.length === 0 && info.credentialFields.every((f) => f.optional || values[f.name]);
      if (!testable)
        ctx.io.stderr.write(
          ctx.style.yellow(
            missing.length > 0
              ? `Not tested: ${missing.map((f) => f.name).join(', ')} not set yet (saving anyway).\n`
              : 'Not tested: only some fields given, the others are stored already (saving anyway).\n',
          ),
        );
      else {
        ctx.io.stderr.write(ctx.style.dim(`Testing ${info.displayName}…\n`));
        const r = await handle.core.credentials.test(provider, account, values);
        if (!r.ok) {
          ctx.io.stderr.write(ctx.style.red(`✗ ${r.error.message}${r.error.hint ? ` — ${r.error.hint}` : ''}\n`));
          if (r.error.code === 'auth' || r.error.code === 'forbidden') {
            ctx.io.stderr.write('Not saved. Use --no-test to save anyway.\n');
            return EXIT.allFailed;
          }
          ctx.io.stderr.write(ctx.style.yellow('Could not verify (saving anyway).\n'));
        } else ctx.io.stderr.write(ctx.style.green(`✓ ${r.detail}\n`));
      }
    }
    const status = await handle.core.credentials.set(provider, account, values);
    const where =
      handle.secretStorage === 'keychain' ? 'the OS keychain' : 'memory for this session only (no keychain available)';
    ctx.io.stderr.write(`Saved ${Object.keys(values).join(', ')} for ${info.displayName} (${account}) in ${where}.\n`);
    if (ctx.opts.output === 'json') ctx.io.stdout.write(JSON.stringify(status, null, 2) + '\n');
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export async function authDelete(ctx: CliContext, providerRaw: string, o: Record<string, unknown>): Promise<number> {
  const provider = providerArg(providerRaw);
  const account = accountArg(o.account);
  const handle = await ctx.openCore({ includeAnonymous: true, providers: [provider] });
  try {
    const status = await handle.core.credentials.delete(provider, account);
    const left = status.fields.filter((f) => f.configured && f.source === 'env').map((f) => f.name);
    ctx.io.stderr.write(
      `Deleted keychain entries for ${provider} (${account}).${left.length ? ` Still set in the environment: ${left.join(', ')}.` : ''}\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export async function authList(ctx: CliContext, providerRaw: string | undefined): Promise<number> {
  const only = providerRaw ? [providerArg(providerRaw)] : ctx.opts.providers;
  const handle = await ctx.openCore({ includeAnonymous: true, providers: only });
  try {
    const infos = handle.core.providers();
    const rows: {
      provider: string;
      account: string;
      field: string;
      source: string;
      configured: boolean;
      hint: string;
    }[] = [];
    const statuses = [];
    for (const p of infos) {
      const accounts = new Set<string>([
        'default',
        ...handle.core
          .snapshot()
          .providers.filter((s) => s.provider === p.id)
          .map((s) => s.account),
      ]);
      for (const account of accounts) {
        const st = await handle.core.credentials.status(p.id, account);
        statuses.push(st);
        for (const f of st.fields)
          rows.push({
            provider: p.id,
            account,
            field: f.name,
            source: f.source,
            configured: f.configured,
            hint: f.hint ?? '',
          });
      }
    }
    if (ctx.opts.output === 'json') {
      ctx.io.stdout.write(JSON.stringify({ credentials: statuses }, null, 2) + '\n');
      return EXIT.ok;
    }
    const s = ctx.style;
    ctx.io.stdout.write(
      renderTable(
        rows.filter((r) => ctx.opts.output === 'wide' || r.configured || r.account === 'default'),
        [
          { header: 'PROVIDER', get: (r) => r.provider },
          { header: 'ACCOUNT', get: (r) => r.account },
          { header: 'FIELD', get: (r) => r.field },
          { header: 'SET', get: (r) => (r.configured ? s.green('yes') : s.dim('no')) },
          { header: 'SOURCE', get: (r) => (r.configured ? r.source : '-') },
          { header: 'HINT', get: (r) => r.hint },
        ],
        { wide: ctx.opts.output === 'wide' },
      ),
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

/** `cloudtop auth import`: offers to copy credentials other tools already hold — only with consent. */
export async function authImport(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const found = discoverCredentials(ctx.io.env);
  if (found.length === 0) {
    ctx.io.stderr.write(
      'Nothing to import: no ~/.oci/config, CLOUDFLARE_API_TOKEN, NEON_API_KEY, AZURE_CLIENT_SECRET or Google Cloud credentials file found.\n',
    );
    return EXIT.ok;
  }
  const handle = await ctx.openCore({ includeAnonymous: true });
  try {
    let imported = 0;
    for (const c of found) {
      ctx.io.stderr.write(`Found ${c.description}.\n`);
      const yes =
        o.yes === true ||
        (await confirm(ctx.io, `Import it into cloudtop's keychain as ${c.provider} (${c.account})?`));
      if (!yes) {
        if (!ctx.io.stdin.isTTY && o.yes !== true)
          ctx.io.stderr.write('  skipped (not a terminal; pass --yes to import without asking)\n');
        continue;
      }
      await handle.core.credentials.set(c.provider, c.account, c.values);
      imported++;
      ctx.io.stderr.write(ctx.style.green(`  imported ${Object.keys(c.values).join(', ')}\n`));
    }
    ctx.io.stderr.write(`${imported} of ${found.length} imported.\n`);
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
