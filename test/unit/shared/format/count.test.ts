import { describe, expect, it } from 'vitest';
import { countOf } from '../../../../src/shared/format';

describe('countOf', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(countOf(1, 'resource')).toBe('1 resource');
    expect(countOf(0, 'resource')).toBe('0 resources');
    expect(countOf(3, 'episode')).toBe('3 episodes');
    expect(countOf(2, 'GPU')).toBe('2 GPUs');
  });

  it('groups the thousands of a whole count', () => {
    expect(countOf(10_000, 'offer')).toBe('10,000 offers');
    expect(countOf(1234567, 'offer')).toBe('1,234,567 offers');
    expect(countOf(999, 'offer')).toBe('999 offers');
    expect(countOf(2.5, 'day')).toBe('2.5 days');
  });

  it('takes an irregular plural', () => {
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
  });
});
