import { describe, expect, it } from 'vitest';
import * as collector from '../../../../src/core/collector';
import * as snapshot from '../../../../src/core/snapshot';

describe('public entry points', () => {
  it('src/core/collector exports the collector', () => {
    for (const name of [
      'FakeClock',
      'Limiter',
      'Scheduler',
      'ProviderRuntime',
      'ResponseCache',
      'createHttpClient',
      'withRetry',
      'parseRetryAfter',
      'isRetryable',
      'classifyHttpStatus',
      'realClock',
    ]) {
      expect(collector, name).toHaveProperty(name);
      expect(typeof (collector as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });

  it('src/core/snapshot exports the store and diff', () => {
    for (const name of ['SnapshotStore', 'diffSnapshots', 'applyDiff', 'isDiffApplicable', 'sameOffer']) {
      expect(snapshot, name).toHaveProperty(name);
    }
  });
});
