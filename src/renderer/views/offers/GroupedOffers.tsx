import { memo } from 'react';
import type { GpuModelGroup } from '../../../shared/offers';
import { formatPerGpuHour, regionLabel } from '../../../shared/format';
import { DAY_MS } from '../../../shared/history/schema';
import { modelHistoryHint } from '../../../shared/history/text';
import { LazyTooltip } from '../../components/LazyTooltip';
import { formatPrice, formatPriceInColumn } from '../../lib/format';
import { SPARK_BOX } from '../../lib/sparkline';
import { TREND_DAYS, type RowTrend, type TrendsState } from '../../state/store';
import classes from './GroupedOffers.module.css';

export interface GroupedOffersProps {
  groups: readonly GpuModelGroup[];
  providerNames: ReadonlyMap<string, string>;
  onShow: (model: string) => void;
  onWatch: (g: GpuModelGroup) => void;
  /** The History view on this model (its sparkline is a link there). */
  onHistory: (model: string) => void;
  /** History per model (sparkline and hover); no trend column when this face keeps no history. */
  trends?: TrendsState;
  now: number;
}

const c = classes;

/**
 * Per GPU model: the cheapest $/GPU-h you can rent now, where, and how much is available. Plain
 * elements styled by GroupedOffers.module.css (Mantine's colours and spacing), like the offers
 * table: this is the first thing the window paints, and a Mantine Table/Text/Button per cell made
 * that render several times slower.
 */
export const GroupedOffers = memo(function GroupedOffers({
  groups,
  providerNames,
  onShow,
  onWatch,
  onHistory,
  trends,
  now,
}: GroupedOffersProps) {
  const name = (id: string) => providerNames.get(id) ?? id;
  const showTrends = trends?.recording === true;
  if (groups.length === 0) return <p className={c.empty}>No offers match these filters.</p>;
  return (
    // The frame is the container the table's narrow-width rules ask about (GroupedOffers.module.css).
    <div className={c.frame}>
      <table className={c.table} data-testid="offers-grouped">
        <caption className={c.caption}>Cheapest offer per GPU model among those available now</caption>
        <thead>
          <tr>
            <th>GPU model</th>
            {/* Narrow tables wrap their headings, at a space, never at a hyphen ("$/GPU-" over "h"). */}
            <th className={c.num}>
              Cheapest <span className={c.nowrap}>$/GPU-h</span>
            </th>
            {showTrends && (
              <th>
                <span className={c.nowrap}>{`${TREND_DAYS}-day`}</span> trend
              </th>
            )}
            <th>Where</th>
            <th className={c.num}>Available</th>
            <th className={c.providers}>Providers</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const best = g.cheapest ?? g.cheapestAny;
            return (
              <tr key={g.model} data-group={g.model}>
                <td>
                  <p className={c.model}>{g.model}</p>
                  <p className={c.sub}>
                    {g.family !== g.model ? `${g.family} · ` : ''}
                    {g.vramGb !== undefined ? `${g.vramGb} GB` : 'VRAM unknown'}
                  </p>
                </td>
                <td className={c.num}>
                  <p className={g.cheapest ? c.price : `${c.price} ${c.dim}`}>{formatPriceInColumn(best.perGpuHour)}</p>
                  {!g.cheapest && <span className={c.badge}>sold out</span>}
                </td>
                {showTrends && (
                  <td>
                    <TrendCell trend={trends.byModel.get(g.model)} now={now} onHistory={onHistory} />
                  </td>
                )}
                <td className={c.where}>
                  <p>
                    {name(best.provider)} · {regionLabel({ id: best.regionId, country: best.country })}
                  </p>
                  <p className={c.sub}>
                    {best.count}× for {formatPrice(best.perHour)}/h · <span className={c.nowrap}>{best.billing}</span>
                  </p>
                </td>
                <td className={c.num}>
                  <p>
                    {g.availableCount} / {g.offerCount}
                  </p>
                </td>
                <td className={c.providers}>
                  <p>{g.providers.map(name).join(', ')}</p>
                </td>
                <td>
                  <div className={c.actions}>
                    <button
                      type="button"
                      className={`${c.button} ${c.light}`}
                      onClick={() => onShow(g.model)}
                      aria-label={`Show ${g.model} offers`}
                    >
                      Offers
                    </button>
                    <button
                      type="button"
                      className={`${c.button} ${c.subtle}`}
                      onClick={() => onWatch(g)}
                      aria-label={`Watch ${g.model}`}
                    >
                      Watch
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

/**
 * Calendar days from the first day's start to the last's, both counted: up to TREND_DAYS, fewer
 * while the record is younger (rounded: a day with a daylight-saving change is 23 or 25 h).
 */
const daysSpanned = (first: number, last: number): number => Math.round((last - first) / DAY_MS) + 1;

/**
 * A model's 14-day price sparkline (daily p50 of the cheapest $/GPU·h); hovering it says when the
 * model was last available and how long it usually stays. The path was drawn when the trends
 * arrived (store.loadTrends); the Tooltip mounts on first hover only (LazyTooltip).
 */
const TrendCell = memo(function TrendCell({
  trend,
  now,
  onHistory,
}: {
  trend: RowTrend | undefined;
  now: number;
  onHistory: (model: string) => void;
}) {
  if (!trend) return <span className={c.dim}>—</span>;
  const first = trend.daily[0];
  const last = trend.daily.at(-1);
  const prices =
    first && last
      ? first === last
        ? `p50 ${formatPerGpuHour(last[1])} (1 day)`
        : `p50 ${formatPerGpuHour(first[1])} → ${formatPerGpuHour(last[1])} over ${daysSpanned(first[0], last[0])} days`
      : 'no prices recorded';
  const hint = modelHistoryHint(trend, now);
  const label = `${trend.model}: ${prices}; ${hint}`;
  // The button outside the tooltip: LazyTooltip remounts its child on the first hover, which a
  // focused control must not do.
  return (
    <button
      type="button"
      className={c.trendLink}
      onClick={() => onHistory(trend.model)}
      aria-label={`${label}. Show its history`}
    >
      <LazyTooltip
        label={`${prices}\n${hint}\nClick for its history`}
        multiline
        w={260}
        style={{ whiteSpace: 'pre-line' }}
        withArrow
      >
        <span className={c.trend} data-trend={trend.model}>
          {trend.path ? (
            <svg width={SPARK_BOX.width} height={SPARK_BOX.height} role="img" aria-label={label}>
              <path d={trend.path} />
            </svg>
          ) : (
            <span className={c.dim} role="img" aria-label={label}>
              —
            </span>
          )}
        </span>
      </LazyTooltip>
    </button>
  );
});
