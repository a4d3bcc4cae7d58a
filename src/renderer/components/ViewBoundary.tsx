import { Alert, Button, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, for the notice ("Resources", "The filters"). */
  name: string;
  children: ReactNode;
}

/**
 * Keeps one failing part of the window from blanking all of it. React unmounts the whole tree when
 * a render throws, and a lazily loaded view throws when its code cannot be fetched (a restarted
 * `cloudtop serve` with a new build, a dropped connection): without this, the offers, the tabs and
 * the header all vanished for a panel that failed to load. The notice says what failed and offers
 * to reload the window (React keeps a lazy view's failed load, so only a reload fetches it again).
 */
export class ViewBoundary extends Component<Props, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`cloudtop: ${this.props.name} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" variant="light" m="md" title={`${this.props.name} failed to load`} role="alert">
        <Text size="sm">{error.message}</Text>
        <Button size="xs" variant="light" mt="sm" onClick={() => window.location.reload()}>
          Reload the window
        </Button>
      </Alert>
    );
  }
}
