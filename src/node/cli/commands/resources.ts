import type { CliContext } from '../context';
import { refreshWithProgress } from '../context';
import { EXIT, UsageError } from '../io';
import { jsonDocument, resourceColumns } from '../render';
import { renderTable } from '../output/table';
import { renderLoop } from '../watch-loop';
import type { Core } from '../../../core/types';
import {
  RESOURCE_KINDS,
  type ProviderId,
  type ProviderStatus,
  type Resource,
  type ResourceKind,
  type Snapshot,
} from '../../../shared/model';

/** `--kind a,b --kind c` → kinds; an unknown one is a usage error naming the valid ones. */
export function parseKinds(values: string[] | undefined): ResourceKind[] {
  return (values ?? [])
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
}

/** Configured providers that list resources, narrowed to the selected ones. */
export async function resourceProvidersOf(
  core: Pick<Core, 'providers' | 'configuredProviders'>,
  selected: ProviderId[] | undefined,
): Promise<ProviderId[]> {
  const configured = await core.configuredProviders();
  const withResources = core
    .providers()
    .filter((p) => p.capabilities.resources)
    .map((p) => p.id);
  return configured.filter((p) => withResources.includes(p) && (!selected || selected.includes(p)));
}

/** The resources of these providers and kinds (all kinds when none are given). */
export function selectResources(
  snap: Snapshot,
  providers: ProviderId[],
  kinds: ResourceKind[],
): { list: Resource[]; relevant: ProviderStatus[] } {
  const list = snap.resources.filter(
    (r) => providers.includes(r.provider) && (kinds.length === 0 || kinds.includes(r.kind)),
  );
  return { list, relevant: snap.providers.filter((p) => providers.includes(p.provider)) };
}

/** `cloudtop resources`: your own resources with state and latest metric values. */
export async function resourcesCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const kinds = parseKinds(o.kind as string[] | undefined);
  const handle = await ctx.openCore({ parts: ['resources'], includeAnonymous: false, providers: ctx.opts.providers });
  try {
    for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
    const providers = await resourceProvidersOf(handle.core, undefined);
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
        const { list, relevant } = selectResources(snap, providers, kinds);
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
