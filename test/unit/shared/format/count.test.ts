import { describe, expect, it } from 'vitest';
import { countOf } from '../../../../src/shared/format';

describe('countOf', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(countOf(1, 'resource')).toBe('1 resource');
    expect(countOf(0, 'resource')).toBe('0 resources');
    expect(countOf(3, 'episode')).toBe('3 episodes');
    expect(countOf(2, 'GPU')).toBe('2 GPUs');
  });

  it('takes an irregular plural', () => {
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
  });
});
