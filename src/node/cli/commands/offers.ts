import type { CliContext } from '../context';
import { refreshWithProgress } from '../context';
import { EXIT, UsageError } from '../io';
import { jsonDocument, offerColumns } from '../render';
import { renderTable } from '../output/table';
import { money } from '../output/format';
import { renderLoop } from '../watch-loop';
import { decimalFlag, offerFilterFromOptions, parseSort } from '../offer-args';

export { addOffersOptions } from '../offer-flags';
import { filterOffers, nearMisses, sortOffers, type NearMiss } from '../../../shared/filter';
import { countOf, offerLine, providerNamesFrom, type ProviderNames } from '../../../shared/format';
import { gpuQueryHints } from '../../../shared/gpu';
import { groupByModel } from '../../../shared/offers/group';
import type { Core } from '../../../core/types';
import type { GpuOffer, OfferFilter, OfferSort, ProviderId, ProviderStatus, Snapshot } from '../../../shared/model';

/** What `cloudtop offers` (and `GET /api/v1/offers`) was asked for, parsed from its flags. */
export interface OffersQuery {
  filter: OfferFilter;
  sort: OfferSort;
  limit: number | undefined;
  group: boolean;
}

/** Parses the offers flags; `json` output lists every match unless --limit says otherwise. */
export function offersQueryFromOptions(o: Record<string, unknown>, json: boolean): OffersQuery {
  const filter = offerFilterFromOptions(o, { listedByDefault: true });
  const sort = parseSort(o.sort);
  const limit =
    o.limit === undefined ? (json ? undefined : 50) : decimalFlag('--limit', o.limit, { int: true, min: 1 });
  return { filter, sort, limit, group: o.group === true };
}

/** The selected providers that have GPU offers (all of those when none are selected). */
export function offerProvidersOf(core: Pick<Core, 'providers'>, selected: ProviderId[] | undefined): ProviderId[] {
  const offerProviders = core
    .providers()
    .filter((p) => p.capabilities.offers)
    .map((p) => p.id);
  const providers = (selected ?? offerProviders).filter((p) => offerProviders.includes(p));
  if (providers.length === 0)
    throw new UsageError('none of the selected providers has GPU offers (try --provider vastai,runpod,lambda,oci)');
  return providers;
}

/** The offers a query selects from a snapshot, and the statuses of the providers asked. */
export function selectOffers(
  snap: Snapshot,
  q: OffersQuery,
  providers: ProviderId[],
): { matched: GpuOffer[]; shown: GpuOffer[]; relevant: ProviderStatus[] } {
  const matched = sortOffers(filterOffers(snap.offers, { ...q.filter, providers }), q.sort);
  const shown = q.limit ? matched.slice(0, q.limit) : matched;
  const relevant = snap.providers.filter((p) => providers.includes(p.provider));
  return { matched, shown, relevant };
}

/** `cloudtop offers`: GPU offers across markets, filtered and sorted with the shared OfferFilter. */
export async function offersCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const query = offersQueryFromOptions(o, ctx.opts.output === 'json');

  const handle = await ctx.openCore({
    parts: ['offers'],
    includeAnonymous: true,
    providers: ctx.opts.providers,
    history: 'read',
  });
  try {
    for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
    const providers = offerProvidersOf(handle.core, ctx.opts.providers);
    let hinted = false;
    return await renderLoop(
      ctx,
      async () => {
        const snap = await refreshWithProgress(ctx, handle.core, providers);
        const { matched, shown, relevant } = selectOffers(snap, query, providers);
        // Nothing to show: a GPU asked for by a name nothing has (--gpu H1OO), and which one condition
        // dropped would show offers. Under the table, or on stderr (once) so -o json stays clean.
        let hintText = '';
        if (matched.length === 0) {
          const filter = { ...query.filter, providers };
          for (const h of gpuQueryHints(filter.gpu, snap.offers)) hintText += ctx.style.yellow(`! ${h}\n`);
          // Provider names from the snapshot: this module is also the REST API's, which must not
          // load the provider registry for them.
          const names = providerNamesFrom(snap.providers.map((p) => ({ id: p.provider, displayName: p.displayName })));
          for (const m of nearMisses(snap.offers, filter))
            hintText += ctx.style.dim(`${nearMissLine(filter, m, names)}\n`);
        }
        if (ctx.opts.output === 'json' && hintText && !hinted) {
          hinted = true;
          ctx.io.stderr.write(hintText);
        }
        const allFailed =
          relevant.length > 0 && relevant.every((p) => p.state === 'error' || p.state === 'unconfigured');
        const code = allFailed && relevant.some((p) => p.state === 'error') ? EXIT.allFailed : EXIT.ok;
        if (ctx.opts.output === 'json')
          return {
            text: jsonDocument(
              { ...snap, providers: relevant },
              { offers: shown, ...(query.group ? { groups: groupByModel(matched) } : {}) },
            ),
            code,
          };
        const lastSeen = query.group ? undefined : handle.history?.lastSeen(shown);
        return {
          text:
            (query.group ? renderGrouped(ctx, matched) : renderOffers(ctx, snap, shown, matched.length, lastSeen)) +
            hintText,
          code,
        };
      },
      'cloudtop offers',
    );
  } finally {
    await handle.close();
  }
}

/** A filter condition as the flag that set it, with its value. */
function conditionFlag(filter: OfferFilter, key: keyof OfferFilter): string {
  const list = (v: readonly (string | number)[] | undefined) => (v ?? []).join(',');
  switch (key) {
    case 'minCount':
      return `--min-count ${filter.minCount}`;
    case 'maxCount':
      return `--max-count ${filter.maxCount}`;
    case 'maxPricePerGpuHour':
      return `--max-price ${filter.maxPricePerGpuHour}`;
    case 'maxPricePerHour':
      return `--max-total-price ${filter.maxPricePerHour}`;
    case 'minVramGb':
      return `--min-vram ${filter.minVramGb}`;
    case 'providers':
      return `-p ${list(filter.providers)}`;
    case 'regions':
      return `--region ${list(filter.regions)}`;
    case 'billing':
      return `--billing ${list(filter.billing)}`;
    case 'cloud':
      return `--cloud ${list(filter.cloud)}`;
    case 'minReliability':
      return `--min-reliability ${filter.minReliability}`;
    case 'verified':
      return '--verified';
    default:
      return key;
  }
}

/** "Without --max-price 0.5: 103 offers, the cheapest 4× H100-PCIE $1.45/GPU·h on Vast.ai (US)." */
function nearMissLine(filter: OfferFilter, m: NearMiss, names: ProviderNames): string {
  // Offers are filtered to those with capacity unless --include-unavailable says otherwise.
  const change = m.key === 'availability' ? 'With --include-unavailable' : `Without ${conditionFlag(filter, m.key)}`;
  return `${change}: ${countOf(m.count, 'offer')}, the cheapest ${offerLine(m.cheapest, names)}.`;
}

function renderOffers(
  ctx: CliContext,
  snap: Snapshot,
  shown: GpuOffer[],
  total: number,
  lastSeen?: ReadonlyMap<string, string>,
): string {
  const now = Date.now();
  let out = shown.length
    ? renderTable(shown, offerColumns(ctx.style, now, lastSeen), { wide: ctx.opts.output === 'wide' })
    : 'No offers match.\n';
  if (total > shown.length) out += ctx.style.dim(`Shown ${shown.length} of ${total} offers (--limit to see more).\n`);
  out += footer(ctx, snap);
  return out;
}

function renderGrouped(ctx: CliContext, offers: GpuOffer[]): string {
  const groups = groupByModel(offers);
  if (groups.length === 0) return 'No offers match.\n';
  return renderTable(
    groups,
    [
      { header: 'GPU', get: (g) => g.model },
      { header: 'CHEAPEST $/GPU-H', get: (g) => money(g.cheapest?.perGpuHour), align: 'right' },
      {
        header: 'WHERE',
        get: (g) =>
          g.cheapest
            ? `${g.cheapest.provider} ${g.cheapest.regionId}`
            : `sold out (from ${money(g.cheapestAny.perGpuHour)})`,
      },
      { header: 'OFFERS', get: (g) => String(g.offerCount), align: 'right' },
      { header: 'AVAILABLE', get: (g) => String(g.availableCount), align: 'right' },
    ],
    { wide: ctx.opts.output === 'wide' },
  );
}

/** Names providers that failed or are stale so a short list is never mistaken for the whole market. */
function footer(ctx: CliContext, snap: Snapshot): string {
  const bad = snap.providers.filter((p) => p.state === 'error' || p.state === 'degraded' || p.stale);
  return bad
    .map((p) =>
      ctx.style.yellow(
        `! ${p.displayName}: ${p.error ? p.error.message : 'data is stale'}${p.error?.hint ? ` — ${p.error.hint}` : ''}\n`,
      ),
    )
    .join('');
}
