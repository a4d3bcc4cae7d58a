/**
 * Under an empty offers list: the one condition that, removed, would show offers, how many and
 * the cheapest of them, with a button that removes it (shared/filter/near-miss.ts; the CLI's
 * `offers` says the same in words). An empty list is a dead end; this is the way out of it.
 */
import { Button } from '@mantine/core';
import { memo } from 'react';
import type { NearMiss } from '../../../shared/filter';
import { countOf, offerLine, type ProviderNames } from '../../../shared/format';
import type { OfferFilter } from '../../../shared/model';
import { FILTER_LABELS } from './filter-labels';
import classes from './OffersView.module.css';

export interface NearMissesProps {
  misses: readonly NearMiss[];
  /** True when "Hide sold out" (not the form's Availability) is what limits availability. */
  soldOutHidden: boolean;
  names: ProviderNames;
  onDrop: (key: keyof OfferFilter) => void;
}

export const NearMisses = memo(function NearMisses({ misses, soldOutHidden, names, onDrop }: NearMissesProps) {
  if (misses.length === 0) return null;
  return (
    <ul className={classes.nearMisses} data-testid="offers-near-misses" aria-label="What would show offers">
      {misses.map((m) => {
        const soldOut = m.key === 'availability' && soldOutHidden;
        const label = soldOut ? 'Hide sold out' : FILTER_LABELS[m.key];
        return (
          <li key={m.key}>
            <span>
              {soldOut ? 'With sold-out offers' : `Without “${label}”`}: {countOf(m.count, 'offer')}, the cheapest{' '}
              {offerLine(m.cheapest, names)}
            </span>
            <Button size="compact-xs" variant="light" onClick={() => onDrop(m.key)}>
              {soldOut ? 'Show sold out' : `Remove “${label}”`}
            </Button>
          </li>
        );
      })}
    </ul>
  );
});
