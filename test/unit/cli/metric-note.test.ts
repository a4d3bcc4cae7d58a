import { describe, expect, it } from 'vitest';
import { resourceColumns } from '../../../src/node/cli/render';
import { renderTable } from '../../../src/node/cli/output/table';
import { createStyle } from '../../../src/node/cli/output/ansi';
import { ResourceSchema, type Resource } from '../../../src/shared/model';

describe('a metric the provider cannot report', () => {
  it('reads "not reported" in the resources table instead of vanishing', () => {
    const r: Resource = ResourceSchema.parse({
      id: 'oci:ocid1.instance.oc1..a',
      provider: 'oci',
      kind: 'gpu-instance',
      name: 'train-a100',
      state: 'running',
      meta: {},
      metrics: [
        { name: 'cpu_utilization', label: 'CPU', unit: 'percent', points: [[1, 41]] },
        { name: 'gpu_utilization', label: 'GPU', unit: 'percent', points: [], note: 'not reported' },
      ],
      issues: [],
      fetchedAt: '2026-06-01T12:00:00.000Z',
    });
    const text = renderTable([r], resourceColumns(createStyle(false)), { wide: false });
    expect(text).toContain('CPU=41%');
    expect(text).toContain('GPU=not reported');
  });
});
