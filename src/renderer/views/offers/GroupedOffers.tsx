import { memo } from 'react';
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import type { GpuModelGroup } from '../../../shared/offers';
import { formatPrice } from '../../lib/format';

export interface GroupedOffersProps {
  groups: readonly GpuModelGroup[];
  providerNames: ReadonlyMap<string, string>;
  onShow: (model: string) => void;
  onWatch: (g: GpuModelGroup) => void;
}

/** Per GPU model: the cheapest $/GPU-h you can rent now, where, and how much is available. */
export const GroupedOffers = memo(function GroupedOffers({
  groups,
  providerNames,
  onShow,
  onWatch,
}: GroupedOffersProps) {
  const name = (id: string) => providerNames.get(id) ?? id;
  if (groups.length === 0) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        No offers match these filters.
      </Text>
    );
  }
  return (
    <Table striped highlightOnHover stickyHeader data-testid="offers-grouped" horizontalSpacing="sm">
      <Table.Caption>Cheapest offer per GPU model among those available now</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>GPU model</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>Cheapest $/GPU-h</Table.Th>
          <Table.Th>Where</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>Available</Table.Th>
          <Table.Th>Providers</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {groups.map((g) => {
          const best = g.cheapest ?? g.cheapestAny;
          return (
            <Table.Tr key={g.model} data-group={g.model}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {g.model}
                </Text>
                <Text size="xs" c="dimmed">
                  {g.family !== g.model ? `${g.family} · ` : ''}
                  {g.vramGb !== undefined ? `${g.vramGb} GB` : 'VRAM unknown'}
                </Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                <Text fw={700} ff="monospace" size="sm" c={g.cheapest ? undefined : 'dimmed'}>
                  {formatPrice(best.perGpuHour)}
                </Text>
                {!g.cheapest && (
                  <Badge color="gray" variant="light" size="xs">
                    sold out
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {name(best.provider)} · {best.country ? `${best.country} ` : ''}
                  {best.regionId}
                </Text>
                <Text size="xs" c="dimmed">
                  {best.count}× for {formatPrice(best.perHour)}/h · {best.billing}
                </Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                <Text size="sm">
                  {g.availableCount} / {g.offerCount}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{g.providers.map(name).join(', ')}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => onShow(g.model)}
                    aria-label={`Show ${g.model} offers`}
                  >
                    Offers
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={() => onWatch(g)} aria-label={`Watch ${g.model}`}>
                    Watch
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
});
