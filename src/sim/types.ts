import type { ProviderId } from '../shared/model';
import type { HttpSim } from './common/http-sim';

export interface SimStartOptions {
  port?: number;
  /** Churning demo data: offers appear/disappear, prices move, metrics tick. */
  demo?: boolean;
  seed?: number;
  /** Named scenario (each simulator documents its own; `default` always exists). */
  scenario?: string;
}

/** A running simulator: its base URL (what CLOUDTOP_<ID>_BASE_URL should be) and valid credentials. */
export interface RunningSim {
  id: ProviderId;
  /** The base URL in the provider's own sense (DESIGN/issue #2: e.g. https://console.vast.ai). */
  baseUrl: string;
  /** Credentials the simulator accepts, keyed like the provider's credential fields. */
  credentials: Record<string, string>;
  http: HttpSim;
  /** Advance churn by one step (demo mode calls it on a timer). */
  tick(): void;
  close(): Promise<void>;
}

export interface SimulatorDescriptor {
  id: ProviderId;
  scenarios: string[];
  start(opts?: SimStartOptions): Promise<RunningSim>;
}
