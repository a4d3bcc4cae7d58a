import '../../theme/all-styles';
import { Alert, Badge, Button, Card, Group, Menu, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { describeFilter } from '../../../shared/filter';
import { alertOfferLine, alertVerb, providerNamesFrom, type ProviderNames } from '../../../shared/format';
import type { AlertEvent, GpuOffer, Watch, WatchInput } from '../../../shared/model';
import { errorInfoOf } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime, relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import {
  notificationPermission,
  requestNotificationPermission,
  type NotificationPermissionState,
} from '../../lib/web-notifications';
import { useAppState, useStore } from '../../state/context';
import { WatchEditor, emptyWatch } from './WatchEditor';
import { ChannelsSection, useChannels } from './ChannelsSection';

const SNOOZES: { label: string; until: (now: number) => string }[] = [
  { label: '1 hour', until: (n) => new Date(n + 3600_000).toISOString() },
  { label: '8 hours', until: (n) => new Date(n + 8 * 3600_000).toISOString() },
  {
    label: 'Until tomorrow 08:00',
    until: (n) => {
      const d = new Date(n);
      d.setDate(d.getDate() + 1);
      d.setHours(8, 0, 0, 0);
      return d.toISOString();
    },
  },
  { label: '1 week', until: (n) => new Date(n + 7 * 86_400_000).toISOString() },
];

const NO_OFFERS: GpuOffer[] = [];

export function WatchesView() {
  const store = useStore();
  const watches = useAppState((s) => s.watches);
  const alerts = useAppState((s) => s.alerts);
  const draft = useAppState((s) => s.watchDraft);
  const offers = useAppState((s) => s.snapshot?.offers ?? NO_OFFERS);
  const providers = useAppState((s) => s.providers);
  const names = useMemo(() => providerNamesFrom(providers), [providers]);
  const mode = useAppState((s) => s.appInfo?.mode);
  const pausedUntil = useAppState((s) => s.settings?.settings.notifications.pausedUntil);
  const now = useNow(15_000);
  const channels = useChannels();
  const [editing, setEditing] = useState<WatchInput>();
  const [error, setError] = useState<ReturnType<typeof errorInfoOf>>();
  const [confirmDelete, setConfirmDelete] = useState<string>();

  const editorValue = editing ?? draft;
  const act = (p: Promise<unknown>) =>
    p.then(() => setError(undefined)).catch((e: unknown) => setError(errorInfoOf(e)));
  const paused = pausedUntil !== undefined && Date.parse(pausedUntil) > now;

  return (
    <Stack p="md" gap="md">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Watches
        </Title>
        <Group gap="xs">
          {mode === 'browser' && <BrowserNotifications />}
          <Button size="xs" onClick={() => setEditing(emptyWatch())}>
            New watch
          </Button>
        </Group>
      </Group>
      {paused && (
        <Alert color="yellow" variant="light" title="Notifications paused">
          <Group justify="space-between">
            <Text size="sm">Until {clockTime(pausedUntil!)}. Alerts are still recorded below.</Text>
            <Button size="compact-xs" variant="light" onClick={() => void act(store.pauseNotifications(null))}>
              Resume now
            </Button>
          </Group>
        </Alert>
      )}
      {error && <ErrorNotice error={error} compact />}
      {watches.length === 0 ? (
        <Text c="dimmed" size="sm">
          No watches yet. Create one here, or use “Watch” on any offer.
        </Text>
      ) : (
        <Table highlightOnHover data-testid="watch-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Matches</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {watches.map((w) => (
              <WatchRow
                key={w.id}
                w={w}
                names={names}
                now={now}
                confirming={confirmDelete === w.id}
                onToggle={(enabled) => void act(store.saveWatch({ ...w, enabled }))}
                onSnooze={(until) => void act(store.snoozeWatch(w.id, until))}
                onEdit={() => setEditing(w)}
                onDelete={() => {
                  if (confirmDelete !== w.id) return setConfirmDelete(w.id);
                  setConfirmDelete(undefined);
                  void act(store.deleteWatch(w.id));
                }}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ChannelsSection now={now} channels={channels.channels} reload={channels.reload} loadError={channels.error} />
      <History alerts={alerts} now={now} onShow={store.focusOffer} />
      {editorValue && (
        <WatchEditor
          key={editorValue.id ?? editorValue.name}
          initial={editorValue}
          offers={offers}
          providers={providers}
          channels={channels.channels}
          onSave={(w) => store.saveWatch(w)}
          onClose={() => {
            setEditing(undefined);
            store.clearWatchDraft();
          }}
        />
      )}
    </Stack>
  );
}

function WatchRow(props: {
  w: Watch;
  names: ProviderNames;
  now: number;
  confirming: boolean;
  onToggle: (enabled: boolean) => void;
  onSnooze: (until: string | null) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { w, now } = props;
  const snoozed = w.snoozedUntil !== undefined && Date.parse(w.snoozedUntil) > now;
  return (
    <Table.Tr data-watch={w.name}>
      <Table.Td>
        <Text fw={600} size="sm">
          {w.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{describeFilter(w.filter, props.names)}</Text>
      </Table.Td>
      <Table.Td>
        <Switch
          checked={w.enabled}
          onChange={(e) => props.onToggle(e.currentTarget.checked)}
          aria-label={`Enable ${w.name}`}
        />
      </Table.Td>
      <Table.Td>
        {snoozed ? (
          <Badge color="yellow" variant="light">
            snoozed until {clockTime(w.snoozedUntil!)}
          </Badge>
        ) : w.enabled ? (
          <Badge color="teal" variant="light">
            watching
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            off
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="light" onClick={props.onEdit}>
            Edit
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="default">
                {snoozed ? 'Snoozed ▾' : 'Snooze ▾'}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {SNOOZES.map((s) => (
                <Menu.Item key={s.label} onClick={() => props.onSnooze(s.until(Date.now()))}>
                  {s.label}
                </Menu.Item>
              ))}
              {snoozed && <Menu.Item onClick={() => props.onSnooze(null)}>Unsnooze</Menu.Item>}
            </Menu.Dropdown>
          </Menu>
          <Button
            size="compact-xs"
            variant={props.confirming ? 'filled' : 'subtle'}
            color="red"
            onClick={props.onDelete}
          >
            {props.confirming ? 'Confirm delete' : 'Delete'}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function History({ alerts, now, onShow }: { alerts: AlertEvent[]; now: number; onShow: (offerId: string) => void }) {
  const providers = useAppState((s) => s.providers);
  const names = useMemo(() => providerNamesFrom(providers), [providers]);
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="alert-history">
      <Title order={3} size="h5" id="alert-history" mb="xs">
        Event history
      </Title>
      {alerts.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing has fired yet.
        </Text>
      ) : (
        <Stack gap={6} data-testid="alert-history">
          {alerts.slice(0, 100).map((a) => {
            const o = a.offers[0]!;
            return (
              <Group key={a.id} justify="space-between" wrap="nowrap" data-alert={a.id}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" truncate>
                    <Text span fw={600}>
                      {a.watchName}
                    </Text>{' '}
                    · {alertVerb(a.kind)}: {alertOfferLine(o, names)}
                    {a.offers.length > 1 ? ` +${a.offers.length - 1} more` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {relativeTime(a.at, now)}
                    {a.suppressed ? ` · not notified (${a.suppressedReason ?? 'suppressed'})` : ''}
                  </Text>
                </Stack>
                {a.kind !== 'disappeared' && (
                  <Button size="compact-xs" variant="subtle" onClick={() => onShow(o.offerId)}>
                    Show
                  </Button>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

/** Browser mode: permission for Web Notifications, asked only when the user clicks. */
function BrowserNotifications() {
  const [perm, setPerm] = useState<NotificationPermissionState>(notificationPermission);
  if (perm === 'unsupported') return null;
  if (perm === 'granted') {
    return (
      <Badge color="teal" variant="light" data-testid="notifications-on">
        browser notifications on
      </Badge>
    );
  }
  if (perm === 'denied') {
    return (
      <Text size="xs" c="dimmed">
        Browser notifications are blocked for this page (site settings).
      </Text>
    );
  }
  return (
    <Button size="xs" variant="light" onClick={() => void requestNotificationPermission().then(setPerm)}>
      Enable browser notifications
    </Button>
  );
}
