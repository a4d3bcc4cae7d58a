import type { CliContext } from '../context';
import { EXIT } from '../io';
import { renderTable } from '../output/table';
import { secretEnvName } from '../../../core/secrets/types';
import type { ProviderInfo } from '../../../shared/model';

/** `cloudtop providers`: the registry, and whether each provider is configured. */
export async function providersCommand(ctx: CliContext): Promise<number> {
  const handle = await ctx.openCore({ includeAnonymous: true, providers: ctx.opts.providers });
  try {
    const infos = handle.core.providers();
    const rows = await Promise.all(
      infos.map(async (p) => ({ info: p, creds: await handle.core.credentials.status(p.id, 'default') })),
    );
    if (ctx.opts.output === 'json') {
      ctx.io.stdout.write(
        JSON.stringify({ providers: rows.map((r) => ({ ...r.info, credentials: r.creds })) }, null, 2) + '\n',
      );
      return EXIT.ok;
    }
    const s = ctx.style;
    const envNames = (p: ProviderInfo) =>
      p.credentialFields
        .map((f) => secretEnvName({ provider: p.id, profile: 'default', field: f.name }) + (f.optional ? '?' : ''))
        .join(' ');
    ctx.io.stdout.write(
      renderTable(
        rows,
        [
          { header: 'ID', get: (r) => r.info.id },
          { header: 'NAME', get: (r) => r.info.displayName },
          { header: 'KIND', get: (r) => r.info.kind },
          {
            header: 'DATA',
            get: (r) => (['offers', 'resources', 'metrics'] as const).filter((c) => r.info.capabilities[c]).join(','),
          },
          {
            header: 'CONFIGURED',
            get: (r) =>
              (r.creds.configured ? s.green('yes') : s.dim('no')) +
              (r.creds.configured
                ? ` (${[...new Set(r.creds.fields.filter((f) => f.configured).map((f) => f.source))].join(',')})`
                : ''),
          },
          { header: 'RATE LIMIT', get: (r) => r.info.rateLimit.documented, wide: true },
          { header: 'BASE URL', get: (r) => r.info.defaultBaseUrl, wide: true },
          { header: 'ENV', get: (r) => envNames(r.info), wide: true },
        ],
        { wide: ctx.opts.output === 'wide' },
      ),
    );
    for (const r of rows.filter((x) => x.info.note))
      ctx.io.stdout.write(s.dim(`Note — ${r.info.displayName}: ${r.info.note}\n`));
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
