import { describe, expect, it } from 'vitest';
import { RESOURCE_FIELDS, formatField, formatFields, humanizeKey } from '../../../../src/shared/format';

const NOW = Date.UTC(2026, 2, 10, 12);

describe('resource field table', () => {
  it('labels and formats what providers put in meta', () => {
    const f = (k: string, v: string | number | boolean) => {
      const x = formatField(k, v, NOW)!;
      return `${x.label}  ${x.text}`;
    };
    expect(f('pricePerHour', 0.1532)).toBe('Price  $0.153/h');
    expect(f('costPerHour', 21.52)).toBe('Cost  $21.52/h');
    expect(f('memoryMb', 2048)).toBe('Memory  2 GB');
    expect(f('memoryMb', 512)).toBe('Memory  512 MB');
    expect(f('ramGb', 62.5)).toBe('RAM  62.5 GB');
    expect(f('uptimeSeconds', 7500)).toBe('Uptime  2 h 5 min');
    expect(f('uptimeSeconds', 42)).toBe('Uptime  42 s');
    expect(f('gpuUtil', 55.61)).toBe('GPU utilisation  55.61%');
    expect(f('minCu', 0.25)).toBe('Min compute  0.25 CU');
    expect(f('locked', false)).toBe('Locked  no');
    expect(f('createdAt', new Date(NOW - 3 * 86_400_000).toISOString())).toBe('Created  3 d ago');
    expect(f('cudaVersion', '12.8')).toBe('CUDA  12.8');
    expect(formatField('createdAt', 'not a date', NOW)!.text).toBe('not a date');
    // Exact values stay reachable in the detail (a title in the window).
    expect(formatField('pricePerHour', 0.1532, NOW)!.detail).toBe('0.1532');
  });

  it('unknown keys still read as words; empty and hidden fields are left out', () => {
    expect(humanizeKey('resourceGroup')).toBe('Resource group');
    expect(humanizeKey('publicIpV4')).toBe('Public IP v4');
    expect(humanizeKey('disk_size_gb')).toBe('Disk size GB');
    expect(humanizeKey('gpu-instance')).toBe('GPU instance');
    expect(humanizeKey('HTTPStatus')).toBe('HTTP status');
    expect(formatField('someNewKey', 3, NOW)).toMatchObject({ label: 'Some new key', text: '3' });
    expect(formatField('ip', null, NOW)).toBeUndefined();
    expect(formatField('ip', '', NOW)).toBeUndefined();
    expect(formatField('suspendTimeoutSeconds', 300, NOW)).toBeUndefined();
  });

  it('orders by the table (price first), unknown keys next, identifiers last', () => {
    const fields = formatFields(
      { projectId: 'p-1', zeta: 'z', createdAt: NOW, pricePerHour: 1, gpu: 'H100', alpha: 'a' },
      NOW,
    );
    expect(fields.map((f) => f.key)).toEqual(['pricePerHour', 'gpu', 'createdAt', 'alpha', 'zeta', 'projectId']);
    expect(fields.at(-1)).toMatchObject({ label: 'Project ID', id: true });
  });

  it('every label in the table is words, not a camelCase key', () => {
    for (const [key, spec] of Object.entries(RESOURCE_FIELDS)) {
      // `pricePerHour` is a key; `vCPUs` is a word.
      expect(spec.label, key).not.toMatch(/[a-z][A-Z][a-z]/);
      expect(spec.label, key).not.toBe(key);
    }
  });
});
