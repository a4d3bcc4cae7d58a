import { refreshWithProgress, type CliContext } from '../context';
import { EXIT, STOPPED, UsageError, sleepUnlessInterrupted, unlessInterrupted } from '../io';
import { withTypicalStay } from '../../../core/history/alert-line';
import { alertHistoryLine } from '../../../shared/history/text';
import { jsonDocument, offerColumns } from '../render';
import { renderTable } from '../output/table';
import { parseDuration } from '../output/format';
import { offerFilterFromOptions } from '../offer-args';
import { DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS } from '../options';
import { evaluateWatches, initialWatchState } from '../../../core/watches/engine';
import { describeFilter, filterOffers } from '../../../shared/filter';
import { gpuQueryHints } from '../../../shared/gpu';
import { alertOfferLine, formatMoney, providerNamesFrom } from '../../../shared/format';
import { providerRegistry } from '../../../core/providers/registry';
import { NotificationSettingsSchema, type NotificationSettings } from '../../../shared/settings/schema';
import { WatchNotifySchema, type AlertEvent, type Snapshot, type Watch } from '../../../shared/model';
import { attachNotifyTargets, reportDeliveries } from './notify';

/** Display names from the descriptors, for the alert lines (src/shared/format/alert.ts). */
const PROVIDER_NAMES = providerNamesFrom(providerRegistry);

/**
 * `cloudtop watch <filters>`: polls the offer providers and prints an alert when a matching offer
 * appears (once per offer, with the same dedupe/cooldown as desktop notifications). With
 * `--exit-on-match` it exits 0 with the matching offers as soon as one appears — for scripts.
 */
export async function watchCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const filter = offerFilterFromOptions(o);
  let intervalMs: number;
  try {
    // -w's interval (checked by the global options) when --interval is not given.
    intervalMs =
      o.interval === undefined ? (ctx.opts.watchMs ?? DEFAULT_INTERVAL_MS) : parseDuration(String(o.interval));
  } catch (e) {
    throw new UsageError(`--interval: ${(e as Error).message}`);
  }
  if (intervalMs < 1000) throw new UsageError('--interval: at least 1s');
  if (intervalMs > MAX_INTERVAL_MS) throw new UsageError('--interval: at most 24h');
  const exitOnMatch = o.exitOnMatch === true;
  const json = ctx.opts.output === 'json';

  const handle = await ctx.openCore({
    parts: ['offers'],
    includeAnonymous: true,
    providers: ctx.opts.providers,
    history: 'record',
  });
  try {
    for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
    const offerProviders = handle.core
      .providers()
      .filter((p) => p.capabilities.offers)
      .map((p) => p.id);
    const providers = (ctx.opts.providers ?? offerProviders).filter((p) => offerProviders.includes(p));
    const watch: Watch = {
      id: 'cli',
      name: describeFilter(filter, PROVIDER_NAMES) || 'any GPU',
      enabled: true,
      filter: { ...filter, providers },
      notify: WatchNotifySchema.parse({ onAppear: true, onPriceDrop: !exitOnMatch }),
      createdAt: new Date().toISOString(),
    };
    // A terminal the user is watching is not a desktop: no quiet hours, a generous cap.
    // With --notify the alerts reach phones and chats: the desktop's quiet hours and pause apply too.
    const channelCount = attachNotifyTargets(ctx, handle.core, o.notify);
    const notifications: NotificationSettings = NotificationSettingsSchema.parse({
      maxPer10Min: 50,
      ...(channelCount > 0 ? pickQuiet(handle.core.settings.view().settings.notifications) : {}),
    });
    ctx.io.stderr.write(
      ctx.style.dim(
        `Watching for ${watch.name} on ${providers.join(', ')} every ${Math.round(intervalMs / 1000)}s (Ctrl+C to stop)\n`,
      ),
    );

    let state = initialWatchState();
    let previous: Snapshot | undefined;
    let polls = 0;
    for (;;) {
      // A signal ends the watch at once, even while a slow provider is still answering.
      const snap = await unlessInterrupted(
        refreshWithProgress(ctx, handle.core, providers, false, { lines: false }),
        ctx.io.interrupted,
      );
      if (snap === STOPPED) break;
      polls++;
      const evaluated = evaluateWatches(state, {
        watches: [watch],
        previous,
        next: snap,
        notifications,
        now: Date.now(),
      });
      // The line of history each alert carries, as in the app and `serve` (src/core/history/alert-line.ts).
      const result = { ...evaluated, events: withTypicalStay(evaluated.events, handle.history) };
      state = result.state;
      previous = snap;
      const deliveries = handle.core.channels.afterEvaluation(result.events, state, { offers: snap.offers, all: true });
      for (const p of snap.providers.filter((x) => providers.includes(x.provider) && x.error)) {
        ctx.io.stderr.write(ctx.style.yellow(`! ${p.displayName}: ${p.error!.message}\n`));
      }
      const appeared = result.events.filter((e) => e.kind === 'appeared');
      if (exitOnMatch && appeared.length > 0) {
        const ids = new Set(appeared.flatMap((e) => e.offers.map((x) => x.offerId)));
        const offers = filterOffers(snap.offers, watch.filter).filter((x) => ids.has(x.id));
        ctx.io.stdout.write(
          json
            ? jsonDocument(snap, { offers })
            : renderTable(offers, offerColumns(ctx.style, Date.now()), { wide: ctx.opts.output === 'wide' }),
        );
        // Scripts rely on the alert having gone out when the command returns.
        const failed = reportDeliveries(ctx, await deliveries);
        return failed > 0 ? EXIT.allFailed : EXIT.ok;
      }
      for (const ev of result.events) printEvent(ctx, ev, json);
      void deliveries.then((records) => reportDeliveries(ctx, records));
      if (polls === 1 && !json)
        ctx.io.stderr.write(
          ctx.style.dim(`poll 1: ${filterOffers(snap.offers, watch.filter).length} matching offers now\n`),
        );
      // A typo (--gpu H1OO) would otherwise be waited on forever without a word (-o json too: stderr).
      if (polls === 1)
        for (const hint of gpuQueryHints(filter.gpu, snap.offers)) ctx.io.stderr.write(ctx.style.yellow(`! ${hint}\n`));
      if ((await sleepUnlessInterrupted(intervalMs, ctx.io.interrupted)) === 'stop') break;
    }
    return EXIT.ok;
  } finally {
    await handle.core.channels.idle();
    await handle.close();
  }
}

function pickQuiet(n: NotificationSettings): Partial<NotificationSettings> {
  const out: Partial<NotificationSettings> = { enabled: n.enabled, quietHours: n.quietHours };
  if (n.pausedUntil) out.pausedUntil = n.pausedUntil;
  return out;
}

function printEvent(ctx: CliContext, ev: AlertEvent, json: boolean): void {
  if (json) {
    ctx.io.stdout.write(JSON.stringify(ev) + '\n');
    return;
  }
  const s = ctx.style;
  const when = new Date(ev.at).toLocaleTimeString();
  for (const o of ev.offers) {
    const what =
      ev.kind === 'appeared'
        ? s.green('appeared')
        : ev.kind === 'price-drop'
          ? s.cyan(`price drop from ${o.previousPerGpuHour === undefined ? '-' : formatMoney(o.previousPerGpuHour)}`)
          : s.yellow(`gone after ${Math.round((o.availableForMs ?? 0) / 60000)} min`);
    // One line of history (appeared / price drop): how long this kind usually stays.
    const stay = alertHistoryLine(o);
    ctx.io.stdout.write(
      `${s.dim(when)}  ${what}  ${alertOfferLine(o, PROVIDER_NAMES)}  (${formatMoney(o.perHour)}/h)${stay ? s.dim(`  — ${stay}`) : ''}\n`,
    );
  }
}
