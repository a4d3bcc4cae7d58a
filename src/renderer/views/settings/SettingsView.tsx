import '../../theme/all-styles';
import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ProviderInfo } from '../../../shared/model';
import { HISTORY_LIMITS, type Settings, type SettingsPatch } from '../../../shared/settings/schema';
import { errorInfoOf } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useAppState, useStore } from '../../state/context';

/** The history retention settings, in the order the section shows them. */
const HISTORY_FIELDS: ReadonlyArray<[keyof typeof HISTORY_LIMITS, string]> = [
  ['rawDays', 'Keep every poll (days)'],
  ['hourlyDays', 'Keep hourly history (days)'],
  ['maxMB', 'Size cap (MB)'],
];

export function SettingsView() {
  const store = useStore();
  const view = useAppState((s) => s.settings);
  const info = useAppState((s) => s.appInfo);
  const providers = useAppState((s) => s.providers);
  const [error, setError] = useState<ReturnType<typeof errorInfoOf>>();
  const now = useNow(30_000);
  if (!view) return null;
  const s = view.settings;
  const update = (patch: SettingsPatch) =>
    void store
      .updateSettings(patch)
      .then(() => setError(undefined))
      .catch((e: unknown) => setError(errorInfoOf(e)));
  const pause = (until: string | null) =>
    void store
      .pauseNotifications(until)
      .then(() => setError(undefined))
      .catch((e: unknown) => setError(errorInfoOf(e)));
  const paused = s.notifications.pausedUntil !== undefined && Date.parse(s.notifications.pausedUntil) > now;

  return (
    <Stack p="md" gap="md" maw={900}>
      {view.issues.map((issue, i) => (
        <Alert key={i} color="orange" title="Settings problem" role="alert" data-testid="settings-issue">
          <Text size="sm">{issue.message}</Text>
          {issue.backupPath && (
            <Text size="sm" mt={4}>
              The unreadable file was kept as <Code>{issue.backupPath}</Code>; defaults are in use.
            </Text>
          )}
        </Alert>
      ))}
      {error && <ErrorNotice error={error} compact />}

      <Section title="Appearance">
        <Group>
          <Text size="sm" id="theme-label">
            Theme
          </Text>
          <SegmentedControl
            aria-labelledby="theme-label"
            value={s.theme}
            onChange={(v) => update({ theme: v as Settings['theme'] })}
            data={[
              { value: 'auto', label: 'System' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
          />
        </Group>
      </Section>

      <Section title="Notifications">
        <Switch
          label="Notify me when a watch fires"
          checked={s.notifications.enabled}
          onChange={(e) => update({ notifications: { enabled: e.currentTarget.checked } })}
        />
        <Group align="flex-end">
          <Switch
            label="Quiet hours"
            checked={s.notifications.quietHours.enabled}
            onChange={(e) =>
              update({
                notifications: { quietHours: { ...s.notifications.quietHours, enabled: e.currentTarget.checked } },
              })
            }
            mb={8}
          />
          <TimeField
            label="from"
            value={s.notifications.quietHours.start}
            onCommit={(start) => update({ notifications: { quietHours: { ...s.notifications.quietHours, start } } })}
          />
          <TimeField
            label="to"
            value={s.notifications.quietHours.end}
            onCommit={(end) => update({ notifications: { quietHours: { ...s.notifications.quietHours, end } } })}
          />
        </Group>
        <CommitNumber
          label="At most this many notifications per 10 minutes"
          value={s.notifications.maxPer10Min}
          min={1}
          max={50}
          w={320}
          onCommit={(maxPer10Min) => update({ notifications: { maxPer10Min } })}
        />
        <Group gap="xs">
          <Text size="sm">{paused ? `Paused until ${clockTime(s.notifications.pausedUntil!)}` : 'Not paused'}</Text>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => pause(new Date(Date.now() + 3600_000).toISOString())}
          >
            Pause 1 hour
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => pause(new Date(Date.now() + 8 * 3600_000).toISOString())}
          >
            Pause 8 hours
          </Button>
          {paused && (
            <Button size="compact-sm" variant="light" onClick={() => pause(null)}>
              Resume
            </Button>
          )}
        </Group>
      </Section>

      <Section title="Polling">
        <CommitNumber
          label="Metrics poll interval (seconds)"
          value={s.metricsPollSeconds}
          min={30}
          max={86_400}
          w={320}
          onCommit={(metricsPollSeconds) => update({ metricsPollSeconds })}
        />
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Poll every (seconds)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {providers.map((p) => (
              <ProviderPollRow key={p.id} info={p} settings={s} onPatch={update} />
            ))}
          </Table.Tbody>
        </Table>
      </Section>

      <Section title="History">
        <Text size="sm" c="dimmed">
          What cloudtop keeps of the GPUs it has seen: every poll&rsquo;s changes for the first days, then hourly
          figures and availability episodes. Past the size cap the oldest days go first. A change applies with the next
          poll.
        </Text>
        <Group gap="md" align="start">
          {HISTORY_FIELDS.map(([key, label]) => (
            <CommitNumber
              key={key}
              label={label}
              value={s.history[key]}
              min={HISTORY_LIMITS[key].min}
              max={HISTORY_LIMITS[key].max}
              w={200}
              onCommit={(v) => update({ history: { [key]: v } })}
            />
          ))}
        </Group>
      </Section>

      {info?.mode === 'desktop' && (
        <Section title="Desktop">
          <Switch
            label="Launch cloudtop at login"
            checked={s.launchAtLogin}
            onChange={(e) => update({ launchAtLogin: e.currentTarget.checked })}
          />
          <Switch
            label="Install updates automatically"
            checked={s.autoUpdate}
            onChange={(e) => update({ autoUpdate: e.currentTarget.checked })}
          />
        </Section>
      )}

      <Section title="About">
        <Text size="sm">
          cloudtop {info?.version} · {info?.mode === 'browser' ? 'browser mode (cloudtop serve)' : 'desktop app'} ·{' '}
          {info?.platform}
          {info?.demo ? ' · demo data' : ''}
        </Text>
        <Text size="sm">
          Settings file: <Code>{view.path}</Code>
        </Text>
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `settings-${title.toLowerCase()}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

function ProviderPollRow({
  info,
  settings,
  onPatch,
}: {
  info: ProviderInfo;
  settings: Settings;
  onPatch: (p: SettingsPatch) => void;
}) {
  const ps = settings.providers[info.id];
  const def = Math.max(10, Math.round(info.defaultPollMs / 1000));
  return (
    <Table.Tr>
      <Table.Td>{info.displayName}</Table.Td>
      <Table.Td>
        <Switch
          checked={ps?.enabled ?? true}
          aria-label={`Poll ${info.displayName}`}
          onChange={(e) => onPatch({ providers: { [info.id]: { enabled: e.currentTarget.checked } } })}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <CommitNumber
            aria-label={`${info.displayName} poll interval in seconds`}
            value={ps?.pollSeconds ?? def}
            min={10}
            max={86_400}
            w={140}
            onCommit={(pollSeconds) => onPatch({ providers: { [info.id]: { pollSeconds } } })}
          />
          {ps?.pollSeconds !== undefined && ps.pollSeconds !== def && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => onPatch({ providers: { [info.id]: { pollSeconds: def } } })}
            >
              Default ({def} s)
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** A number that is saved on blur or Enter, not on every keystroke, and only when valid. */
function CommitNumber(props: {
  label?: string;
  'aria-label'?: string;
  value: number;
  min: number;
  max: number;
  w?: number;
  onCommit: (v: number) => void;
}) {
  const [draft, setDraft] = useState<string | number>(props.value);
  const [seen, setSeen] = useState(props.value);
  if (seen !== props.value) {
    setSeen(props.value);
    setDraft(props.value);
  }
  const valid = typeof draft === 'number' && Number.isInteger(draft) && draft >= props.min && draft <= props.max;
  const commit = () => {
    if (valid && draft !== props.value) props.onCommit(draft as number);
  };
  return (
    <NumberInput
      label={props.label}
      aria-label={props['aria-label']}
      w={props.w}
      size="xs"
      min={props.min}
      max={props.max}
      allowDecimal={false}
      value={draft}
      error={valid ? undefined : `Between ${props.min} and ${props.max}`}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function TimeField({ label, value, onCommit }: { label: string; value: string; onCommit: (v: string) => void }) {
  return (
    <TextInput
      type="time"
      label={label}
      size="xs"
      w={120}
      defaultValue={value}
      key={value}
      onBlur={(e) => {
        const v = e.currentTarget.value;
        if (/^([01]\d|2[0-3]):[0-5]\d$/.test(v) && v !== value) onCommit(v);
      }}
    />
  );
}
