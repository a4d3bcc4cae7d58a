import type { CliContext } from '../context';
import { refreshWithProgress } from '../context';
import { EXIT, UsageError } from '../io';
import { jsonDocument, resourceColumns } from '../render';
import { renderTable } from '../output/table';
import { renderLoop } from '../watch-loop';
import { RESOURCE_KINDS, type ResourceKind } from '../../../shared/model';

/** `cloudtop resources`: your own resources with state and latest metric values. */
export async function resourcesCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const kinds = ((o.kind as string[] | undefined) ?? [])
    .flatMap((k) =>
      k
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .map((k) => {
      if (!(RESOURCE_KINDS as readonly string[]).includes(k))
        throw new UsageError(`--kind: "${k}" is not one of ${RESOURCE_KINDS.join(', ')}`);
      return k as ResourceKind;
    });
  const handle = await ctx.openCore({ parts: ['resources'], includeAnonymous: false, providers: ctx.opts.providers });
  try {
    for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
    const configured = await handle.core.configuredProviders();
    const withResources = handle.core
      .providers()
      .filter((p) => p.capabilities.resources)
      .map((p) => p.id);
    const providers = configured.filter((p) => withResources.includes(p));
    if (providers.length === 0) {
      ctx.io.stderr.write(
        'No provider with resources is configured. Add one with `cloudtop auth set <provider>` (see `cloudtop providers`).\n',
      );
      if (ctx.opts.output === 'json') ctx.io.stdout.write(jsonDocument(handle.core.snapshot(), { resources: [] }));
      return EXIT.ok;
    }
    return await renderLoop(
      ctx,
      async () => {
        const snap = await refreshWithProgress(ctx, handle.core, providers, true);
        const list = snap.resources.filter(
          (r) => providers.includes(r.provider) && (kinds.length === 0 || kinds.includes(r.kind)),
        );
        const relevant = snap.providers.filter((p) => providers.includes(p.provider));
        const code = relevant.length > 0 && relevant.every((p) => p.state === 'error') ? EXIT.allFailed : EXIT.ok;
        if (ctx.opts.output === 'json')
          return { text: jsonDocument({ ...snap, providers: relevant }, { resources: list }), code };
        let text = list.length
          ? renderTable(list, resourceColumns(ctx.style), { wide: ctx.opts.output === 'wide' })
          : 'No resources found.\n';
        for (const p of relevant.filter((x) => x.error))
          text += ctx.style.yellow(
            `! ${p.displayName}: ${p.error!.message}${p.error!.hint ? ` — ${p.error!.hint}` : ''}\n`,
          );
        return { text, code };
      },
      'cloudtop resources',
    );
  } finally {
    await handle.close();
  }
}
