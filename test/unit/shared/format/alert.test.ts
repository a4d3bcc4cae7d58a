import { describe, expect, it } from 'vitest';
import { alertSummary } from '../../../../src/shared/format';
import { typicalStayLine } from '../../../../src/shared/history/text';
import type { AlertEvent } from '../../../../src/shared/model';

const event = (typicalStay?: { meanMs: number; episodes: number }): AlertEvent => ({
  id: 'e1',
  watchId: 'w1',
  watchName: 'Cheap H100',
  kind: 'appeared',
  at: '2026-03-10T12:00:00.000Z',
  suppressed: false,
  offers: [
    {
      offerId: 'vastai:1',
      provider: 'vastai',
      model: 'H100',
      count: 1,
      perGpuHour: 2.49,
      perHour: 2.49,
      region: 'us-east',
      ...(typicalStay ? { typicalStay } : {}),
    },
  ],
});

describe('alertSummary (browser notifications)', () => {
  it('one line without history', () => {
    expect(alertSummary(event(), { vastai: 'Vast.ai' })).toEqual({
      title: 'Cheap H100: available',
      body: '1× H100 $2.49/GPU·h on Vast.ai (us-east)',
    });
  });

  it('a second line of history, in the words every face uses', () => {
    const stay = { meanMs: 40_000, episodes: 1 };
    expect(alertSummary(event(stay), { vastai: 'Vast.ai' }).body).toBe(
      `1× H100 $2.49/GPU·h on Vast.ai (us-east)\n${typicalStayLine(stay)}`,
    );
    expect(typicalStayLine(stay)).toBe('stayed 40 s on average last week (1 time)');
  });
});
