/**
 * Credential form for one provider account, built from ProviderInfo.credentialFields. Values live
 * only in this component's state until sent (credentials.test / credentials.set) and are cleared
 * after saving; what comes back is CredentialStatus (configured + a non-revealing hint), never a value.
 */
import { Alert, Button, Group, PasswordInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import type { CredentialStatus, ProviderInfo } from '../../../shared/model';
import type { TestResult } from '../../../shared/ipc/contract';
import { errorInfoOf } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAppState, useStore } from '../../state/context';
import { cleanValues, validateCredentials, type FieldErrors } from './validate-credentials';

const SOURCE: Record<CredentialStatus['fields'][number]['source'], string> = {
  env: 'from an environment variable (cannot be changed here)',
  keychain: 'saved in the keychain',
  config: 'from cloudtop.json',
  session: 'kept for this session only',
  none: 'not set',
};

export function CredentialForm({ provider, account = 'default' }: { provider: ProviderInfo; account?: string }) {
  const store = useStore();
  const storage = useAppState((s) => s.appInfo?.secretStorage);
  const formId = useId();
  const [status, setStatus] = useState<CredentialStatus>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<'test' | 'save' | 'delete' | null>(null);
  const [outcome, setOutcome] = useState<
    | { kind: 'test'; result: TestResult }
    | { kind: 'saved' | 'deleted' }
    | { kind: 'error'; error: ReturnType<typeof errorInfoOf> }
  >();
  const fields = provider.credentialFields;

  useEffect(() => {
    let live = true;
    store.api
      .invoke('credentials.status', { provider: provider.id, account })
      .then((s) => live && setStatus(s))
      .catch((e: unknown) => live && setOutcome({ kind: 'error', error: errorInfoOf(e) }));
    return () => {
      live = false;
    };
  }, [store, provider.id, account]);

  if (fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No credentials needed.
      </Text>
    );
  }

  const run = async (kind: 'test' | 'save' | 'delete') => {
    if (kind !== 'delete') {
      const errs = validateCredentials(fields, values, status, kind === 'save');
      setErrors(errs);
      if (Object.keys(errs).length > 0) return;
    }
    setBusy(kind);
    setOutcome(undefined);
    try {
      const clean = cleanValues(fields, values);
      if (kind === 'test') {
        const result = await store.api.invoke('credentials.test', {
          provider: provider.id,
          account,
          ...(Object.keys(clean).length ? { values: clean } : {}),
        });
        setOutcome({ kind: 'test', result });
      } else if (kind === 'save') {
        setStatus(await store.api.invoke('credentials.set', { provider: provider.id, account, values: clean }));
        setValues({});
        setOutcome({ kind: 'saved' });
        void store.refresh([provider.id]).catch(() => undefined);
      } else {
        setStatus(await store.api.invoke('credentials.delete', { provider: provider.id, account }));
        setOutcome({ kind: 'deleted' });
      }
    } catch (e) {
      setOutcome({ kind: 'error', error: errorInfoOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const stored = status?.fields.some((f) => f.configured && f.source !== 'env') ?? false;

  return (
    <form
      aria-label={`${provider.displayName} credentials`}
      autoComplete="off"
      // Our own messages (Required, PEM block…) instead of the browser's bubbles.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run('save');
      }}
    >
      <Stack gap="xs">
        {fields.map((f) => {
          const st = status?.fields.find((x) => x.name === f.name);
          const id = `${formId}-${f.name}`;
          const description = st?.configured
            ? `Set${st.hint ? ` (${st.hint})` : ''}, ${SOURCE[st.source]}. Type a new value to replace it.`
            : (f.help ?? (f.optional ? 'Optional' : undefined));
          const common = {
            id,
            label: f.label,
            description,
            error: errors[f.name],
            required: !f.optional && !st?.configured,
            value: values[f.name] ?? '',
            disabled: st?.source === 'env',
            size: 'xs' as const,
            'data-field': f.name,
            onChange: (e: { currentTarget: { value: string } }) => {
              const v = e.currentTarget.value;
              setValues((x) => ({ ...x, [f.name]: v }));
            },
          };
          if (f.multiline) {
            return (
              <Textarea
                key={f.name}
                {...common}
                autosize
                minRows={3}
                maxRows={10}
                spellCheck={false}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 11 } }}
                placeholder={f.secret ? '-----BEGIN PRIVATE KEY-----' : undefined}
              />
            );
          }
          return f.secret ? (
            <PasswordInput key={f.name} {...common} autoComplete="off" spellCheck={false} />
          ) : (
            <TextInput key={f.name} {...common} autoComplete="off" spellCheck={false} />
          );
        })}
        {errors._form && (
          <Text size="xs" c="red" role="alert">
            {errors._form}
          </Text>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={busy === 'save'} disabled={busy !== null && busy !== 'save'}>
            Save{storage === 'session' ? ' for this session' : ''}
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={busy === 'test'}
            disabled={busy !== null && busy !== 'test'}
            onClick={() => void run('test')}
          >
            Test connection
          </Button>
          {stored && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={busy === 'delete'}
              disabled={busy !== null && busy !== 'delete'}
              onClick={() => void run('delete')}
            >
              Remove saved credentials
            </Button>
          )}
        </Group>
        <div aria-live="polite">
          {outcome?.kind === 'test' &&
            (outcome.result.ok ? (
              <Alert color="teal" variant="light" p="xs" title="Connection works">
                {outcome.result.detail}
              </Alert>
            ) : (
              <ErrorNotice error={outcome.result.error} compact title="Connection test failed" />
            ))}
          {outcome?.kind === 'saved' && (
            <Alert color="teal" variant="light" p="xs" data-testid="credentials-saved">
              {storage === 'session'
                ? 'Saved for this session only (no keychain available).'
                : 'Saved to the keychain.'}
            </Alert>
          )}
          {outcome?.kind === 'deleted' && (
            <Alert color="gray" variant="light" p="xs">
              Saved credentials removed.
            </Alert>
          )}
          {outcome?.kind === 'error' && <ErrorNotice error={outcome.error} compact />}
        </div>
      </Stack>
    </form>
  );
}
