import { Badge, type MantineColor } from '@mantine/core';
import type { AvailabilityState, ProviderState, ResourceState } from '../../shared/model';

const PROVIDER: Record<ProviderState, MantineColor> = {
  ok: 'teal',
  degraded: 'yellow',
  error: 'red',
  unconfigured: 'gray',
  disabled: 'gray',
};
const RESOURCE: Record<ResourceState, MantineColor> = {
  running: 'teal',
  idle: 'blue',
  starting: 'cyan',
  stopping: 'orange',
  stopped: 'gray',
  error: 'red',
  unknown: 'gray',
};
const AVAILABILITY: Record<AvailabilityState, MantineColor> = {
  available: 'teal',
  low: 'yellow',
  none: 'gray',
  unknown: 'gray',
  // Offered, capacity unknown: neither green nor grey.
  listed: 'blue',
};

// Colour is never the only signal: the state word is always written.
export function ProviderStateBadge({ state }: { state: ProviderState }) {
  return (
    <Badge color={PROVIDER[state]} variant="light" data-state={state}>
      {state}
    </Badge>
  );
}

export function ResourceStateBadge({ state }: { state: ResourceState }) {
  return (
    <Badge color={RESOURCE[state]} variant="light" size="sm">
      {state}
    </Badge>
  );
}

export function AvailabilityBadge({ state, count }: { state: AvailabilityState; count?: number }) {
  return (
    <Badge
      color={AVAILABILITY[state]}
      // Outlined: a catalogue entry, not capacity anyone reported.
      variant={state === 'listed' ? 'outline' : 'light'}
      size="sm"
      tt="none"
      title={state === 'listed' ? 'Offered in the catalogue; capacity unknown' : undefined}
    >
      {state}
      {count !== undefined && state !== 'none' ? ` · ${count}` : ''}
    </Badge>
  );
}

export function StaleBadge() {
  return (
    <Badge color="orange" variant="outline" size="sm" title="Older than its poll interval, or the last poll failed">
      stale
    </Badge>
  );
}
