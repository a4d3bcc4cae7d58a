/**
 * The History view's price chart: per day, the band from min to p95 of the cheapest $/GPU-h, with
 * the min, median and p95 lines over it; hovering says a day's figures. Plain SVG from
 * lib/price-chart.ts (see there why not a charting library). The SVG stretches to the width (its
 * strokes do not: non-scaling), and the labels, dots and tooltip are HTML placed by the same shares.
 */
import { useMemo, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import type { DailyPrice } from '../../../shared/history/schema';
import { formatPrice } from '../../lib/format';
import { X_UNITS, nearestPoint, priceChartGeometry } from '../../lib/price-chart';
import { shortCalendarDay } from '../../lib/time-axis';
import c from './DailyPriceChart.module.css';

const PLOT_HEIGHT = 150;
const SERIES = [
  { key: 'p95', label: 'p95', className: c.p95 },
  { key: 'p50', label: 'median', className: c.p50 },
  { key: 'min', label: 'min', className: c.min },
] as const;

/** `left` for a share of the width; labels at the ends stay inside the plot. */
const at = (share: number): CSSProperties => ({
  left: `${share * 100}%`,
  transform: share <= 0.02 ? 'none' : share >= 0.98 ? 'translateX(-100%)' : 'translateX(-50%)',
});

export function DailyPriceChart({ points, label }: { points: readonly DailyPrice[]; label: string }) {
  const g = useMemo(() => priceChartGeometry(points, PLOT_HEIGHT), [points]);
  const [hover, setHover] = useState<number | null>(null);
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) setHover(nearestPoint(g.xs, (e.clientX - box.left) / box.width));
  };
  // The keyboard steps through the days as the pointer does (the tooltip says each day's figures).
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = points.length - 1;
    const from = hover ?? -1;
    const to = { ArrowRight: from + 1, ArrowLeft: from < 0 ? last : from - 1, Home: 0, End: last }[e.key];
    if (to === undefined || last < 0) return;
    e.preventDefault();
    setHover(Math.max(0, Math.min(last, to)));
  };
  const summary = useMemo(() => describe(points), [points]);
  const shown = hover === null ? undefined : points[hover];
  const x = hover === null ? 0 : g.xs[hover]!;
  return (
    <figure className={c.figure} data-testid="history-price-chart">
      <div className={c.chart}>
        <div className={c.yAxis} aria-hidden="true">
          {g.ticks.map((t) => (
            <span key={t} style={{ top: g.y(t) }}>
              {formatPrice(t)}
            </span>
          ))}
        </div>
        <div
          className={c.plot}
          style={{ height: PLOT_HEIGHT }}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
          tabIndex={0}
          role="group"
          aria-label="Prices per day: arrow keys step through the days"
          onKeyDown={onKey}
          onBlur={() => setHover(null)}
        >
          <svg
            className={c.svg}
            viewBox={`0 0 ${X_UNITS} ${PLOT_HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={summary ? `${label}: ${summary}` : label}
          >
            {g.ticks.map((t) => (
              <path key={t} className={c.grid} d={`M0 ${g.y(t)}H${X_UNITS}`} />
            ))}
            <path className={c.band} d={g.band} />
            {SERIES.map((s) => (
              <path key={s.key} className={s.className} d={g.lines[s.key]} data-series={s.key} />
            ))}
          </svg>
          {/* A day alone is a stroke a few pixels wide: dots show its figures (the first day of a record). */}
          {g.alone.map((i) =>
            SERIES.map((s) => (
              <span
                key={`${i}-${s.key}`}
                className={`${c.dot} ${s.className}`}
                data-alone={s.key}
                style={{ left: `${g.xs[i]! * 100}%`, top: g.y(points[i]![s.key]) }}
              />
            )),
          )}
          {/* Read out as the keyboard (or pointer) moves from day to day. */}
          <span className={c.srOnly} aria-live="polite">
            {shown
              ? `${shortCalendarDay(shown.day)}: ${SERIES.map((s) => `${s.label} ${formatPrice(shown[s.key])}`).join(', ')}`
              : ''}
          </span>
          {shown && (
            <>
              <div className={c.guide} style={{ left: `${x * 100}%` }} />
              {SERIES.map((s) => (
                <span
                  key={s.key}
                  className={`${c.dot} ${s.className}`}
                  style={{ left: `${x * 100}%`, top: g.y(shown[s.key]) }}
                />
              ))}
              <div
                role="tooltip"
                className={c.tip}
                style={{ left: `${x * 100}%` }}
                data-side={x > 0.6 ? 'left' : 'right'}
              >
                <strong>{shortCalendarDay(shown.day)}</strong>
                {SERIES.map((s) => (
                  <span key={s.key}>{`${s.label} ${formatPrice(shown[s.key])}`}</span>
                ))}
              </div>
            </>
          )}
        </div>
      </div>
      <div className={c.xAxis} aria-hidden="true">
        {g.labelled.map((i) => (
          <span key={i} style={at(g.xs[i]!)}>
            {shortCalendarDay(points[i]!.day)}
          </span>
        ))}
      </div>
      <figcaption className={c.legend}>
        {SERIES.map((s) => (
          <span key={s.key} className={s.className}>
            <i />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** What the chart shows, in words (the SVG alone says nothing to a screen reader). */
function describe(points: readonly DailyPrice[]): string | undefined {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return undefined;
  const low = points.reduce((a, p) => (p.min < a.min ? p : a));
  const median =
    first === last
      ? `median ${formatPrice(first.p50)} on ${shortCalendarDay(first.day)}`
      : `median ${formatPrice(first.p50)} on ${shortCalendarDay(first.day)}, ${formatPrice(last.p50)} on ${shortCalendarDay(last.day)}`;
  return `${median}; lowest ${formatPrice(low.min)} on ${shortCalendarDay(low.day)}`;
}
