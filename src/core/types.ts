import type {
  AlertEvent,
  CredentialStatus,
  ProviderId,
  ProviderInfo,
  Snapshot,
  SnapshotDiff,
  Watch,
  WatchInput,
} from '../shared/model';
import type { SettingsPatch } from '../shared/settings/schema';
import type { SettingsView, TestResult } from '../shared/ipc/contract';
import type { ChannelHub } from './notify/hub';
import type { HistoryReader } from './history';

/** Receives alert events that passed quiet hours, snooze, pause and the cap. */
export interface Notifier {
  notify(event: AlertEvent): void;
}

/**
 * The core as every face (Electron main, CLI, server) sees it. Built by `createCore` in
 * src/core/create-core.ts, the one composition root.
 */
export interface Core {
  /** Starts the scheduler (polls each configured provider on its interval). */
  start(): void;
  /** Stops timers and aborts in-flight calls; resolves when everything has settled. */
  stop(): Promise<void>;
  /** Refreshes now; concurrent calls for the same provider coalesce. Resolves with the new snapshot. */
  refresh(opts?: { providers?: ProviderId[]; metrics?: boolean }): Promise<Snapshot>;
  snapshot(): Snapshot;
  /** Availability and price history (src/core/history), when this face keeps it. */
  readonly history?: HistoryReader;
  onSnapshot(listener: (snapshot: Snapshot, diff: SnapshotDiff) => void): () => void;
  onAlert(listener: (event: AlertEvent) => void): () => void;
  /** System suspend: stop polling. */
  suspend(): void;
  /** System resume: one refresh per provider, then the normal schedule. */
  resume(): void;

  providers(): ProviderInfo[];
  /** Provider ids that have credentials (or need none) and are enabled. */
  configuredProviders(): Promise<ProviderId[]>;

  credentials: {
    status(provider: ProviderId, account?: string): Promise<CredentialStatus>;
    set(provider: ProviderId, account: string, values: Record<string, string>): Promise<CredentialStatus>;
    delete(provider: ProviderId, account: string): Promise<CredentialStatus>;
    /** Tests stored credentials, or `values` before saving them. */
    test(provider: ProviderId, account: string, values?: Record<string, string>): Promise<TestResult>;
  };

  watches: {
    list(): Watch[];
    save(input: WatchInput): Watch;
    delete(id: string): boolean;
    snooze(id: string, until: string | null): Watch;
    history(): AlertEvent[];
  };

  /** Alert channels beyond the desktop (src/core/notify): list, test, last delivery results. */
  channels: ChannelHub;

  settings: {
    view(): SettingsView;
    update(patch: SettingsPatch): SettingsView;
    pauseNotifications(until: string | null): SettingsView;
  };
}
