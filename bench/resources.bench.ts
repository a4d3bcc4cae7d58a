/**
 * Issue #3 bench: 1,000 resources with metrics collected (OCI SDK against its simulator: signed
 * requests, pagination, SummarizeMetricsData) and rendered as the CLI table and JSON document.
 */
import { createCore } from '../src/core/create-core';
import { MemorySecretStore } from '../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../src/core/settings/memory-store';
import { ociSim } from '../src/sim/oci';
import { createStyle } from '../src/node/cli/output/ansi';
import { renderTable } from '../src/node/cli/output/table';
import { jsonDocument, resourceColumns } from '../src/node/cli/render';

export async function run(): Promise<Record<string, number | string>> {
  const sim = await ociSim.start({ scenario: 'large' });
  try {
    const secrets = new MemorySecretStore(
      Object.entries(sim.credentials).map(([field, value]) => ({
        provider: 'oci' as const,
        profile: 'default',
        field,
        value,
      })),
    );
    const core = createCore({
      settings: new InMemorySettingsStore({}),
      secrets,
      env: { CLOUDTOP_OCI_BASE_URL: sim.baseUrl },
      only: ['oci'],
      parts: ['resources'],
    });
    const t0 = performance.now();
    const snap1 = await core.refresh({ providers: ['oci'] });
    const t1 = performance.now();
    const snap = await core.refresh({ providers: ['oci'], metrics: true });
    const t2 = performance.now();
    const resources = snap.resources;
    const withMetrics = resources.filter((r) => r.metrics.length > 0).length;
    const style = createStyle(false);
    const t3 = performance.now();
    const table = renderTable(resources, resourceColumns(style), { wide: false });
    const t4 = performance.now();
    const json = jsonDocument(snap, { resources });
    const t5 = performance.now();
    const requests = sim.http.requests.length;
    await core.stop();
    return {
      resources: resources.length,
      'resources with metrics': withMetrics,
      'collect resources, first refresh (ms)': t1 - t0,
      'collect resources + metrics, second refresh (ms)': t2 - t1,
      'requests to the simulator (both refreshes)': requests,
      'render table (ms)': t4 - t3,
      'render JSON (ms)': t5 - t4,
      'table size (KB)': table.length / 1024,
      'JSON size (KB)': json.length / 1024,
      'resources after first refresh': snap1.resources.length,
    };
  } finally {
    await sim.close();
  }
}
