/**
 * System sleep: stop polling on suspend (no requests fired into a dead network, no backoff counted
 * against providers), and on resume one refresh per provider, then the normal schedule (the core's
 * scheduler does the once-only catch-up, docs/reliability.md C7).
 */
import type { Core } from '../core/types';

interface PowerMonitorLike {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export function wirePower(
  power: PowerMonitorLike,
  core: Pick<Core, 'suspend' | 'resume'>,
  onChange?: (state: 'suspended' | 'resumed') => void,
): () => void {
  let suspended = false;
  const suspend = () => {
    if (suspended) return;
    suspended = true;
    core.suspend();
    onChange?.('suspended');
  };
  // Some platforms send resume twice (lid + display) or resume without a suspend: one refresh only.
  const resume = () => {
    if (!suspended) return;
    suspended = false;
    core.resume();
    onChange?.('resumed');
  };
  power.on('suspend', suspend);
  power.on('resume', resume);
  return () => {
    power.removeListener('suspend', suspend);
    power.removeListener('resume', resume);
  };
}
