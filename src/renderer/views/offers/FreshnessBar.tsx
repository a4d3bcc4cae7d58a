import { memo } from 'react';
import { Badge, Group, Text } from '@mantine/core';
import { LazyTooltip } from '../../components/LazyTooltip';
import type { ProviderStatus } from '../../../shared/model';
import { nextPollTime, relativeTime } from '../../lib/format';

/** One chip per provider: when its data was fetched, and whether it is stale or failing. */
export const FreshnessBar = memo(function FreshnessBar({
  statuses,
  now,
}: {
  statuses: readonly ProviderStatus[];
  now: number;
}) {
  if (statuses.length === 0) return null;
  return (
    <Group gap={6} aria-label="Data freshness per provider" role="list">
      {statuses.map((p) => {
        const bad = p.state === 'error' || p.state === 'degraded';
        // Configured, nothing wrong, nothing fetched yet: the first poll is on its way (not "never").
        const first = p.state === 'ok' && p.lastSuccess === undefined;
        const color = bad ? 'red' : p.stale ? 'orange' : p.state === 'ok' && !first ? 'teal' : 'gray';
        const label =
          p.state === 'unconfigured' || p.state === 'disabled'
            ? p.state
            : first
              ? 'fetching…'
              : `${relativeTime(p.lastSuccess, now)}${p.stale ? ' · stale' : ''}${bad ? ` · ${p.state}` : ''}`;
        return (
          <LazyTooltip
            key={`${p.provider}/${p.account}`}
            label={
              p.error
                ? `${p.error.message}${p.error.hint ? ` — ${p.error.hint}` : ''}`
                : `Next poll ${nextPollTime(p.nextPoll, now)}`
            }
            multiline
            maw={360}
          >
            <Badge
              role="listitem"
              variant="light"
              color={color}
              tt="none"
              data-provider={p.provider}
              data-stale={p.stale}
            >
              <Text span size="xs" fw={600}>
                {p.displayName}
              </Text>{' '}
              {label}
            </Badge>
          </LazyTooltip>
        );
      })}
    </Group>
  );
});
