/**
 * deploy/grafana/cloudtop-dashboard.json may only query series cloudtop really exports: every metric
 * name (and every label it filters or groups by) in its queries is checked against a live scrape of
 * `cloudtop serve --demo` (the real process, simulators with churn) — not against a list kept here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemo, type DemoServe } from '../../e2e/support/serve-demo';

const ROOT = path.resolve(__dirname, '../../..');
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/cloudtop-dashboard.json'), 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
};
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  targets?: { expr: string; refId: string; datasource?: { uid: string } }[];
}

/** Every PromQL expression in the dashboard: panel targets and template variable queries. */
function queries(): string[] {
  const out = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query') continue;
    out.push(typeof v.query === 'string' ? v.query : v.query!.query);
  }
  return out;
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'or', 'and', 'unless']);

interface Scrape {
  /** Sample names the exposition can contain (TYPE lines; histograms add _bucket/_sum/_count). */
  names: Set<string>;
  /** Label names seen on samples, per sample name. */
  labels: Map<string, Set<string>>;
}

function parseExposition(text: string): Scrape {
  const names = new Set<string>();
  const labels = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      names.add(type[1]!);
      if (type[2] === 'histogram' || type[2] === 'summary') {
        for (const s of ['_bucket', '_sum', '_count']) names.add(type[1]! + s);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!sample) continue;
    const set = labels.get(sample[1]!) ?? new Set<string>();
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) set.add(m[1]!);
    labels.set(sample[1]!, set);
  }
  return { names, labels };
}

let serve: DemoServe;
let scrape: Scrape;

beforeAll(async () => {
  serve = await serveDemo();
  // Wait until the first polls have landed: offers, provider states and resources have samples.
  const deadline = Date.now() + 60_000;
  let text = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${serve.origin}/metrics`, { headers: { authorization: `Bearer ${serve.token}` } });
    text = await res.text();
    if (
      /^cloudtop_offers\{/m.test(text) &&
      /^cloudtop_resources\{/m.test(text) &&
      /^cloudtop_resource_metric\{/m.test(text)
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  scrape = parseExposition(text);
}, 90_000);

afterAll(async () => {
  await serve?.stop();
});

describe('deploy/grafana/cloudtop-dashboard.json', () => {
  it('is a well-formed Grafana dashboard on a Prometheus datasource variable', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      if (p.type === 'row') continue;
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      for (const t of p.targets ?? []) expect(t.expr.trim(), p.title).not.toBe('');
    }
  });

  it('queries only metric names that a live /metrics scrape of serve --demo exports', () => {
    const used = new Set<string>();
    for (const q of queries()) for (const m of q.matchAll(/\bcloudtop_[a-z0-9_]+\b/g)) used.add(m[0]);
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((n) => !scrape.names.has(n));
    expect(missing, `not exported: ${missing.join(', ')}`).toEqual([]);
  });

  it('filters and groups only by labels those series carry', () => {
    const problems: string[] = [];
    for (const q of queries()) {
      const metrics = [...q.matchAll(/\b(cloudtop_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
      const known = new Set<string>(['le']);
      let sampled = false;
      for (const m of metrics) {
        const l = scrape.labels.get(m);
        if (l) {
          sampled = true;
          for (const x of l) known.add(x);
        }
      }
      if (!sampled) continue; // no samples in the demo (e.g. no alert channel configured): names were checked above
      const used = new Set<string>();
      for (const sel of q.matchAll(/\{([^}]*)\}/g))
        for (const m of sel[1]!.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)/g)) used.add(m[1]!);
      for (const g of q.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g))
        for (const l of g[1]!.split(',')) used.add(l.trim());
      for (const l of used) if (l && !PROMQL_WORDS.has(l) && !known.has(l)) problems.push(`${l} in ${q}`);
    }
    expect(problems).toEqual([]);
  });

  it('has the panels the issue asks for', () => {
    const all = JSON.stringify(queries());
    for (const n of [
      'cloudtop_offers',
      'cloudtop_offers_available',
      'cloudtop_cheapest_usd_per_gpu_hour',
      'cloudtop_provider_state',
      'cloudtop_provider_rate_limit_used',
      'cloudtop_resources',
      'cloudtop_resource_metric',
    ]) {
      expect(all).toContain(n);
    }
  });
});
