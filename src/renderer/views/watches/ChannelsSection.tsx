/**
 * Alert channels in the Watches view: each channel's name, kind and host (never its address), the
 * last delivery result, "Send a test", and a form to add Slack, Discord, ntfy, Telegram, PagerDuty or
 * webhook channels. The address is sent once (channels.save → the keychain) and cleared from this
 * component's state; exec channels exist only in cloudtop.json / the CLI.
 */
import { Badge, Button, Card, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ChannelInfo, DeliveryRecord, ErrorInfo } from '../../../shared/model';
import { errorInfoOf } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { relativeTime } from '../../lib/format';
import { useAppState, useStore } from '../../state/context';

const SOURCE_LABEL: Record<ChannelInfo['source'], string> = {
  config: 'cloudtop.json',
  settings: 'saved here',
  cli: 'command line',
};

/** The channel list, refetched when a new alert arrives (new deliveries) or after a change here. */
export function useChannels(): { channels: ChannelInfo[]; error?: ErrorInfo; reload: () => Promise<void> } {
  const store = useStore();
  const latestAlert = useAppState((s) => s.alerts[0]?.id);
  const [channels, setChannels] = useState<ChannelInfo[]>([]);
  const [error, setError] = useState<ErrorInfo>();
  const reload = useCallback(
    () =>
      store.api
        .invoke('channels.list', {})
        .then((list) => {
          setChannels(list);
          setError(undefined);
        })
        .catch((e: unknown) => setError(errorInfoOf(e))),
    [store],
  );
  useEffect(() => {
    void reload();
  }, [reload, latestAlert]);
  return { channels, error, reload };
}

export function ChannelsSection({
  now,
  channels,
  reload,
  loadError,
}: {
  now: number;
  channels: readonly ChannelInfo[];
  reload: () => Promise<void>;
  loadError?: ErrorInfo;
}) {
  const store = useStore();
  const [actionError, setError] = useState<ErrorInfo>();
  const error = actionError ?? loadError;
  const [testing, setTesting] = useState<string>();
  const [adding, setAdding] = useState(false);

  const test = async (name: string) => {
    setTesting(name);
    try {
      await store.api.invoke('channels.test', { name });
      setError(undefined);
    } catch (e) {
      setError(errorInfoOf(e));
    } finally {
      setTesting(undefined);
      await reload();
    }
  };
  const remove = async (name: string) => {
    try {
      await store.api.invoke('channels.delete', { name });
      await reload();
    } catch (e) {
      setError(errorInfoOf(e));
    }
  };

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="alert-channels">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="alert-channels">
          Channels
        </Title>
        <Button size="compact-xs" variant="light" onClick={() => setAdding((a) => !a)}>
          {adding ? 'Close' : 'Add channel'}
        </Button>
      </Group>
      {error && <ErrorNotice error={error} compact />}
      {adding && (
        <AddChannel
          onSaved={() => {
            setAdding(false);
            void reload();
          }}
        />
      )}
      {channels.length === 0 ? (
        <Text c="dimmed" size="sm">
          No channels. Alerts can also go to Slack, Discord, ntfy, Telegram, PagerDuty or a webhook: add one here or in
          cloudtop.json, then pick it in a watch.
        </Text>
      ) : (
        <Table data-testid="channel-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Last delivery</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((c) => (
              <Table.Tr key={c.name} data-testid={`channel-${c.name}`}>
                <Table.Td>
                  <Text size="sm">{c.name}</Text>
                  <Text size="xs" c="dimmed">
                    {SOURCE_LABEL[c.source]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.label}</Text>
                </Table.Td>
                <Table.Td>
                  <LastDelivery r={c.last} now={now} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={testing === c.name}
                      onClick={() => void test(c.name)}
                    >
                      Send a test
                    </Button>
                    {c.source === 'settings' && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(c.name)}>
                        Remove
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function LastDelivery({ r, now }: { r: DeliveryRecord | undefined; now: number }) {
  if (!r)
    return (
      <Text size="sm" c="dimmed">
        none yet
      </Text>
    );
  const what = r.type === 'test' ? 'test' : r.type === 'resolved' ? 'resolve' : 'alert';
  return (
    <Stack gap={0} data-testid="channel-last">
      <Group gap={6}>
        <Badge color={r.ok ? 'green' : 'red'} variant="light" size="sm">
          {r.ok ? 'delivered' : 'failed'}
        </Badge>
        <Text size="xs" c="dimmed">
          {what} · {relativeTime(r.at, now)}
        </Text>
      </Group>
      <Text size="xs" c={r.ok ? 'dimmed' : 'red'}>
        {r.ok ? (r.detail ?? '') : (r.error?.message ?? 'failed')}
      </Text>
    </Stack>
  );
}

function AddChannel({ onSaved }: { onSaved: () => void }) {
  const store = useStore();
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<ErrorInfo>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await store.api.invoke('channels.save', { name: name.trim(), target: target.trim() });
      // The address is not kept in the page once it is saved.
      setTarget('');
      setError(undefined);
      onSaved();
    } catch (e) {
      setError(errorInfoOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" mb="sm" data-testid="channel-form">
      <Group grow align="flex-start">
        <TextInput
          label="Name"
          placeholder="team-slack"
          description="lower-case letters, digits, - and _"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <PasswordInput
          label="Address"
          placeholder="slack:https://hooks.slack.com/services/…"
          description="slack:, discord:, ntfy:, telegram:<token>@<chat>, pagerduty:<key>, webhook: — kept in the keychain"
          value={target}
          onChange={(e) => setTarget(e.currentTarget.value)}
          autoComplete="off"
        />
      </Group>
      {error && <ErrorNotice error={error} compact />}
      <Group justify="flex-end">
        <Button size="xs" loading={busy} disabled={!name.trim() || !target.trim()} onClick={() => void save()}>
          Save channel
        </Button>
      </Group>
    </Stack>
  );
}
