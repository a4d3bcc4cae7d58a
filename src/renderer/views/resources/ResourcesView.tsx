import '../../theme/all-styles';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { ProviderStatus, Resource } from '../../../shared/model';
import { countOf, formatFields, humanizeKey } from '../../../shared/format';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ExternalLink } from '../../components/ExternalLink';
import { ProviderStateBadge, ResourceStateBadge, StaleBadge } from '../../components/StateBadge';
import { relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useAppState, useStore } from '../../state/context';
import { MetricSpark } from './MetricSpark';
import classes from './ResourcesView.module.css';

export function ResourcesView() {
  const resources = useAppState((s) => s.snapshot?.resources);
  const statuses = useAppState((s) => s.snapshot?.providers);
  const infos = useAppState((s) => s.providers);
  const store = useStore();
  const now = useNow(15_000);

  const sections = useMemo(() => {
    const byProvider = new Map<string, Resource[]>();
    for (const r of resources ?? []) {
      const list = byProvider.get(r.provider) ?? [];
      list.push(r);
      byProvider.set(r.provider, list);
    }
    const withResources = new Set(infos.filter((i) => i.capabilities.resources).map((i) => i.id as string));
    return (statuses ?? [])
      .filter((p) => withResources.has(p.provider) || byProvider.has(p.provider))
      .map((status) => ({ status, resources: byProvider.get(status.provider) ?? [] }));
  }, [resources, statuses, infos]);

  if (sections.length === 0) {
    return (
      <Stack p="md" align="center">
        <Text c="dimmed">No cloud accounts yet.</Text>
        <Text size="sm">Add Cloudflare, Neon or Oracle Cloud credentials in Providers to see your resources here.</Text>
      </Stack>
    );
  }

  return (
    <Stack p="md" gap="xl">
      {sections.map(({ status, resources: list }) => (
        <ProviderSection
          key={`${status.provider}/${status.account}`}
          status={status}
          resources={list}
          now={now}
          onConfigure={() => store.setView('providers')}
        />
      ))}
    </Stack>
  );
}

function ProviderSection({
  status,
  resources,
  now,
  onConfigure,
}: {
  status: ProviderStatus;
  resources: Resource[];
  now: number;
  onConfigure: () => void;
}) {
  return (
    <section aria-labelledby={`res-${status.provider}-${status.account}`} data-provider-section={status.provider}>
      <Group gap="sm" mb="xs">
        <Title order={2} size="h4" id={`res-${status.provider}-${status.account}`}>
          {status.displayName}
          {status.account !== 'default' ? ` (${status.account})` : ''}
        </Title>
        <ProviderStateBadge state={status.state} />
        {status.stale && <StaleBadge />}
        <Text size="xs" c="dimmed">
          updated {relativeTime(status.lastSuccess, now)} · {countOf(resources.length, 'resource')}
        </Text>
      </Group>
      {status.error && (
        <Stack mb="sm" gap={4}>
          <ErrorNotice
            error={status.error}
            compact
            title={
              status.stale
                ? `Showing data from ${relativeTime(status.lastSuccess, now)}: the last poll failed`
                : undefined
            }
          />
        </Stack>
      )}
      {status.state === 'unconfigured' && (
        <Text size="sm" c="dimmed">
          Not configured.{' '}
          <Anchor component="button" type="button" size="sm" onClick={onConfigure}>
            Add credentials
          </Anchor>
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {resources.map((r) => (
          <ResourceCard key={r.id} r={r} stale={status.stale} now={now} />
        ))}
      </SimpleGrid>
    </section>
  );
}

function ResourceCard({ r, stale, now }: { r: Resource; stale: boolean; now: number }) {
  // Labelled and formatted from the one field table (src/shared/format/fields.ts); identifiers last,
  // folded away: they matter when filing a ticket, not at a glance.
  const fields = formatFields(r.meta, now);
  const facts = fields.filter((f) => !f.id);
  const ids = fields.filter((f) => f.id);
  return (
    <Card withBorder padding="sm" radius="md" data-resource={r.id} style={stale ? { opacity: 0.85 } : undefined}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Text fw={600} size="sm" truncate title={r.name}>
          {r.consoleUrl ? <ExternalLink href={r.consoleUrl}>{r.name}</ExternalLink> : r.name}
        </Text>
        <ResourceStateBadge state={r.state} />
      </Group>
      <Group gap={6} mb="xs">
        <Badge variant="outline" color="gray" size="xs">
          {humanizeKey(r.kind)}
        </Badge>
        {r.region && (
          <Text size="xs" c="dimmed">
            {r.region}
          </Text>
        )}
        {r.stateRaw && r.stateRaw.toLowerCase() !== r.state && (
          <Text size="xs" c="dimmed">
            ({r.stateRaw})
          </Text>
        )}
      </Group>
      {facts.length > 0 && (
        <dl className={classes.fields} data-testid="resource-fields">
          {facts.map((f) => (
            <div key={f.key} className={classes.field}>
              <dt>{f.label}</dt>
              <dd title={f.detail}>{f.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {ids.length > 0 && (
        <details className={classes.ids}>
          <summary>IDs</summary>
          <dl className={classes.fields}>
            {ids.map((f) => (
              <div key={f.key} className={classes.field}>
                <dt>{f.label}</dt>
                <dd title={f.text}>{f.text}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {r.metrics.length > 0 && (
        <SimpleGrid cols={r.metrics.length > 1 ? 2 : 1} spacing="xs" mt="xs" data-testid="resource-metrics">
          {r.metrics.map((m) => (
            <MetricSpark key={m.name} series={m} />
          ))}
        </SimpleGrid>
      )}
      {r.issues.map((issue, i) => (
        <Stack key={i} mt="xs">
          <ErrorNotice error={issue} compact />
        </Stack>
      ))}
    </Card>
  );
}
