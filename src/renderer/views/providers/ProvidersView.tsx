import '../../theme/all-styles';
import { Accordion, Alert, Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { countOf } from '../../../shared/format';
import type { ProviderInfo, ProviderStatus } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ExternalLink } from '../../components/ExternalLink';
import { ProviderStateBadge, StaleBadge } from '../../components/StateBadge';
import { nextPollTime, relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useAppState } from '../../state/context';
import { CredentialForm } from './CredentialForm';

export function ProvidersView() {
  const infos = useAppState((s) => s.providers);
  const statuses = useAppState((s) => s.snapshot?.providers);
  const storage = useAppState((s) => s.appInfo?.secretStorage);
  const demo = useAppState((s) => s.appInfo?.demo === true);
  const now = useNow(5_000);

  return (
    <Stack p="md" gap="md">
      {/* The demo keeps credentials in memory whatever the system has: no keychain is missing there. */}
      {demo && (
        <Alert color="blue" title="Demo" data-testid="session-storage-notice">
          Every provider here is a local simulator, with its own credentials. Credentials you save are kept for this
          session only; your keychain and settings are not touched.
        </Alert>
      )}
      {storage === 'session' && !demo && (
        <Alert color="yellow" title="No keychain available" data-testid="session-storage-notice">
          This system has no OS keychain (Secret Service) that cloudtop can use. Credentials you save are kept in memory
          for this session only and are gone when cloudtop stops. To keep them, run a keychain (e.g. gnome-keyring) or
          set environment variables such as CLOUDTOP_VASTAI_API_KEY.
        </Alert>
      )}
      {infos.map((info) => (
        <ProviderCard
          key={info.id}
          info={info}
          statuses={(statuses ?? []).filter((s) => s.provider === info.id)}
          now={now}
        />
      ))}
    </Stack>
  );
}

function ProviderCard({ info, statuses, now }: { info: ProviderInfo; statuses: ProviderStatus[]; now: number }) {
  const main = statuses[0];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={`prov-${info.id}`}
      data-provider-card={info.id}
    >
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <Title order={2} size="h4" id={`prov-${info.id}`}>
            {info.displayName}
          </Title>
          <Badge variant="outline" color="gray" size="sm">
            {info.kind === 'gpu-market' ? 'GPU market' : 'cloud'}
          </Badge>
          {main ? <ProviderStateBadge state={main.state} /> : <ProviderStateBadge state="unconfigured" />}
          {main?.stale && <StaleBadge />}
          {main?.demo && (
            <Badge color="grape" variant="light" size="sm">
              simulator
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <ExternalLink href={info.consoleUrl} size="sm">
            Console ↗
          </ExternalLink>
          {info.docsUrl && (
            <ExternalLink href={info.docsUrl} size="sm">
              API docs ↗
            </ExternalLink>
          )}
        </Group>
      </Group>
      {info.note && (
        <Text size="sm" c="dimmed" mb="xs" data-provider-note={info.id}>
          {info.note}
        </Text>
      )}
      {statuses.map((s) => (
        <Health key={s.account} status={s} info={info} now={now} showAccount={statuses.length > 1} />
      ))}
      <Accordion variant="contained" mt="sm" chevronPosition="left">
        <Accordion.Item value="creds">
          <Accordion.Control>Credentials{statuses.length > 1 ? ' (default account)' : ''}</Accordion.Control>
          <Accordion.Panel>
            <CredentialForm provider={info} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Card>
  );
}

function Health({
  status: s,
  info,
  now,
  showAccount,
}: {
  status: ProviderStatus;
  info: ProviderInfo;
  now: number;
  showAccount: boolean;
}) {
  const rl = s.rateLimit;
  const blocked = rl?.blockedUntil && Date.parse(rl.blockedUntil) > now;
  return (
    <Stack gap="xs" mb="xs" data-health={`${s.provider}/${s.account}`}>
      {showAccount && (
        <Text size="sm" fw={600}>
          Account {s.account}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="xs">
        <Fact label="Last success" value={relativeTime(s.lastSuccess, now)} />
        <Fact label="Last attempt" value={relativeTime(s.lastAttempt, now)} />
        <Fact label="Next poll" value={nextPollTime(s.nextPoll, now)} />
        <Fact
          label="Last poll"
          value={
            s.lastDurationMs === undefined
              ? '—'
              : `${Math.round(s.lastDurationMs)} ms, ${countOf(s.lastRequestCount ?? 0, 'request')}`
          }
        />
        <Fact
          label={info.capabilities.offers ? 'Offers' : 'Resources'}
          value={String(info.capabilities.offers ? s.offerCount : s.resourceCount)}
        />
      </SimpleGrid>
      {rl && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Rate limit: {rl.used} of {countOf(rl.limit, 'request')} per {Math.round(rl.windowMs / 1000)} s (documented:{' '}
            {info.rateLimit.documented})
            {blocked ? ` · provider asked us to wait until ${new Date(rl.blockedUntil!).toLocaleTimeString()}` : ''}
          </Text>
          <Progress
            value={Math.min(100, (rl.used / rl.limit) * 100)}
            color={blocked ? 'red' : rl.used >= rl.limit ? 'orange' : 'indigo'}
            size="sm"
            aria-label={`Rate limit usage for ${s.displayName}`}
          />
        </Stack>
      )}
      {s.error && <ErrorNotice error={s.error} compact />}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
