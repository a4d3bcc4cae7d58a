import { Alert, Text } from '@mantine/core';
import type { ErrorInfo } from '../../shared/model';

/** An error with what to do about it. Used inline, next to the (stale) data it concerns. */
export function ErrorNotice({ error, title, compact }: { error: ErrorInfo; title?: string; compact?: boolean }) {
  return (
    <Alert
      color={error.code === 'rate_limited' || error.retryable ? 'orange' : 'red'}
      variant="light"
      title={title ?? errorTitle(error)}
      p={compact ? 'xs' : undefined}
      role="alert"
      data-error-code={error.code}
    >
      <Text size="sm">{error.message}</Text>
      {error.hint && (
        <Text size="sm" mt={4} fw={500}>
          What to do: {error.hint}
        </Text>
      )}
    </Alert>
  );
}

function errorTitle(e: ErrorInfo): string {
  switch (e.code) {
    case 'auth':
      return 'Credentials rejected';
    case 'forbidden':
      return 'Permission missing';
    case 'rate_limited':
      return 'Rate limited';
    case 'timeout':
    case 'network':
      return 'Cannot reach the provider';
    case 'config':
      return 'Configuration problem';
    case 'keychain_unavailable':
      return 'No keychain available';
    default:
      return 'Error';
  }
}
