import { Button, Checkbox, Group, Modal, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { filterOffers } from '../../../shared/filter';
import {
  WatchInputSchema,
  WatchNotifySchema,
  type GpuOffer,
  type ChannelInfo,
  type ProviderInfo,
  type WatchInput,
} from '../../../shared/model';
import { errorInfoOf } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterFields } from '../offers/FilterFields';
import { countOf } from '../../../shared/format';

export interface WatchEditorProps {
  initial: WatchInput;
  offers: readonly GpuOffer[];
  providers: readonly ProviderInfo[];
  /** Alert channels the watch may also deliver to (names shown, addresses never). */
  channels?: readonly ChannelInfo[];
  onSave: (w: WatchInput) => Promise<unknown>;
  onClose: () => void;
}

export function emptyWatch(): WatchInput {
  return {
    name: '',
    enabled: true,
    filter: { availability: ['available', 'low'] },
    notify: WatchNotifySchema.parse({}),
  };
}

export function WatchEditor({ initial, offers, providers, channels = [], onSave, onClose }: WatchEditorProps) {
  const [draft, setDraft] = useState<WatchInput>(initial);
  const [nameError, setNameError] = useState<string>();
  const [saveError, setSaveError] = useState<ReturnType<typeof errorInfoOf>>();
  const [saving, setSaving] = useState(false);
  const matching = useMemo(() => filterOffers(offers, draft.filter).length, [offers, draft.filter]);
  const notify = draft.notify;
  const setNotify = (patch: Partial<WatchInput['notify']>) =>
    setDraft((d) => ({ ...d, notify: { ...d.notify, ...patch } }));

  const save = async () => {
    const parsed = WatchInputSchema.safeParse({ ...draft, name: draft.name.trim() });
    if (!parsed.success) {
      const nameIssue = parsed.error.issues.find((i) => i.path[0] === 'name');
      setNameError(nameIssue ? 'Give the watch a name (up to 120 characters)' : undefined);
      if (!nameIssue) setSaveError({ code: 'config', message: 'Some values are out of range', retryable: false });
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      await onSave(parsed.data);
      onClose();
    } catch (e) {
      setSaveError(errorInfoOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={initial.id ? 'Edit watch' : 'New watch'} size="xl">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end">
            <TextInput
              label="Name"
              required
              data-autofocus
              style={{ flex: 1 }}
              value={draft.name}
              error={nameError}
              maxLength={120}
              onChange={(e) => {
                const name = e.currentTarget.value;
                setDraft((d) => ({ ...d, name }));
              }}
            />
            <Switch
              label="Enabled"
              checked={draft.enabled}
              onChange={(e) => setDraft((d) => ({ ...d, enabled: e.currentTarget.checked }))}
              mb={6}
            />
          </Group>
          <Text fw={600} size="sm">
            Notify me about offers matching
          </Text>
          <FilterFields
            value={draft.filter}
            onChange={(filter) => setDraft((d) => ({ ...d, filter }))}
            offers={offers}
            providers={providers}
            cols={3}
            idPrefix="watch-filter"
          />
          <Text size="sm" c="dimmed" role="status">
            {`${countOf(matching, 'offer')} ${matching === 1 ? 'matches' : 'match'} right now.`}
          </Text>
          <Text fw={600} size="sm">
            When
          </Text>
          <Group gap="lg" align="flex-end">
            <Checkbox
              label="A matching offer appears"
              checked={notify.onAppear}
              onChange={(e) => setNotify({ onAppear: e.currentTarget.checked })}
            />
            <Checkbox
              label="Its price drops"
              checked={notify.onPriceDrop}
              onChange={(e) => setNotify({ onPriceDrop: e.currentTarget.checked })}
            />
            <NumberInput
              label="by at least (%)"
              w={120}
              size="xs"
              min={0}
              max={100}
              disabled={!notify.onPriceDrop}
              value={notify.priceDropPct}
              onChange={(v) => typeof v === 'number' && setNotify({ priceDropPct: v })}
            />
            <Checkbox
              label="It disappears"
              checked={notify.onDisappear}
              onChange={(e) => setNotify({ onDisappear: e.currentTarget.checked })}
            />
            <NumberInput
              label="Cooldown per offer (min)"
              w={180}
              size="xs"
              min={0}
              max={1440}
              value={notify.cooldownMinutes}
              onChange={(v) => typeof v === 'number' && setNotify({ cooldownMinutes: v })}
            />
          </Group>
          {channels.length > 0 && (
            <Checkbox.Group
              label="Also send to"
              description="Alert channels (Channels section); quiet hours and cooldown apply as for desktop notifications"
              value={draft.channels ?? []}
              onChange={(names) => setDraft((d) => ({ ...d, channels: names }))}
            >
              <Group gap="md" mt={4}>
                {channels.map((c) => (
                  <Checkbox key={c.name} value={c.name} label={`${c.name} (${c.label})`} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
          {saveError && <ErrorNotice error={saveError} compact />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Save watch
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
