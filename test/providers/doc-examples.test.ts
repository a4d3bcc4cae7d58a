/**
 * Contract tests fed with the providers' own documentation examples, read straight from the
 * vendored specs and samples in test/fixtures/specs (origins in test/fixtures/specs/SOURCES.md), so
 * our parsers are checked against payloads the providers publish, not only against our simulators.
 * RunPod's spec examples are fed in test/unit/core/providers/runpod/parse.test.ts, Cloudflare's
 * samples in test/unit/core/providers/cloudflare/parse.test.ts, Lambda's in lambda/parse.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  BranchesPageSchema,
  DatabasesSchema,
  EndpointsSchema,
  ProjectsPageSchema,
  branchResource,
  databaseResource,
  endpointResource,
  projectResource,
  validate as neonValidate,
} from '../../src/core/providers/neon/parse';
import { parseVastInstancesPage, parseVastOffers } from '../../src/core/providers/vastai/parse';
import { OciPriceListSchema, parseGpuListPrices } from '../../src/core/providers/oci/price-list';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { loadSpec } from '../helpers/openapi';
import ociPriceList from '../fixtures/oci/price-list.sample.json';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
const fetchedAt = '2026-06-01T12:00:00.000Z';
const nowMs = Date.parse(fetchedAt);

/** `paths[path][method].responses[status].content['application/json'].example` of a spec. */
function example(spec: string, path: string, method = 'get', status = '200'): unknown {
  const doc = loadSpec(spec).doc as unknown as Doc;
  const res = doc.paths[path]?.[method]?.responses[status] as
    | { content?: Record<string, { example?: unknown }> }
    | undefined;
  const ex = res?.content?.['application/json']?.example;
  if (ex === undefined) throw new Error(`${spec}: no example for ${method.toUpperCase()} ${path} ${status}`);
  return ex;
}

describe('Neon: the examples of neon-api-v2-openapi.yaml (npm @neondatabase/api-client 2.7.3)', () => {
  const spec = 'neon/neon-api-v2-openapi.yaml';

  it('GET /projects, /branches, /endpoints and /databases examples become valid resources', () => {
    const projects = neonValidate(ProjectsPageSchema, example(spec, '/projects'), 'project list').projects;
    const branches = neonValidate(
      BranchesPageSchema,
      example(spec, '/projects/{project_id}/branches'),
      'branches',
    ).branches;
    const endpoints = neonValidate(
      EndpointsSchema,
      example(spec, '/projects/{project_id}/branches/{branch_id}/endpoints'),
      'endpoints',
    ).endpoints;
    const databases = neonValidate(
      DatabasesSchema,
      example(spec, '/projects/{project_id}/branches/{branch_id}/databases'),
      'databases',
    ).databases;
    expect(projects.length).toBeGreaterThan(0);
    const p = projects[0]!;
    const out = [
      projectResource(p, endpoints, branches.length, 'work', nowMs),
      ...branches.map((b) => branchResource(p, b, 'work', nowMs)),
      ...databases.map((d) => databaseResource(p, branches[0]!, d, 'work', nowMs)),
      ...endpoints.map((e) => endpointResource(p, e, branches[0]?.name, 'work', nowMs)),
    ];
    for (const r of out) ResourceSchema.parse(r);
    // The example endpoint is idle: suspended, not an error.
    const ep = out.find((r) => r.kind === 'compute-endpoint')!;
    expect(ep.stateRaw).toBe('idle');
  });
});

describe('Vast.ai: the examples of search_offers.yaml and show_instances.yaml (vast-ai/docs)', () => {
  it('the POST /api/v0/bundles/ example row parses (the example shows `offers` as an object; the API sends a list)', () => {
    const ex = example('vast/search_offers.yaml', '/api/v0/bundles/', 'post') as { offers: unknown };
    expect(Array.isArray(ex.offers)).toBe(false);
    const { offers, skipped } = parseVastOffers({ offers: [ex.offers] }, { fetchedAt, billing: 'on-demand' });
    expect(skipped).toBe(0);
    expect(offers).toHaveLength(1);
    GpuOfferSchema.parse(offers[0]);
    expect(offers[0]!.price.perHour).toBeGreaterThan(0);
  });

  it('a GET /api/v1/instances/ page built from the schema examples parses', () => {
    const doc = loadSpec('vast/show_instances.yaml').doc as unknown as Doc;
    const schema = (
      doc.paths['/api/v1/instances/']!.get!.responses['200'] as {
        content: Record<
          string,
          {
            schema: {
              properties: Record<
                string,
                { example?: unknown; items?: { properties: Record<string, { example?: unknown }> } }
              >;
            };
          }
        >;
      }
    ).content['application/json']!.schema;
    const row = Object.fromEntries(
      Object.entries(schema.properties.instances!.items!.properties)
        .filter(([, v]) => v.example !== undefined)
        .map(([k, v]) => [k, v.example]),
    );
    const page = parseVastInstancesPage({ success: true, instances: [row], next_token: null }, { fetchedAt });
    expect(page.resources).toHaveLength(1);
    ResourceSchema.parse(page.resources[0]);
  });
});

describe("Oracle: the price list's live answer shape (test/fixtures/oci/price-list.sample.json)", () => {
  it('keeps only USD pay-as-you-go GPU-hour parts', () => {
    const list = parseGpuListPrices(OciPriceListSchema.parse(ociPriceList));
    expect(list).toEqual([
      { partNumber: 'B110978', displayName: 'OCI - Compute - GPU - B200', perGpuHour: 14 },
      { partNumber: 'B110979', displayName: 'OCI - Compute - GPU - GB200', perGpuHour: 16 },
      { partNumber: 'B98415', displayName: 'OCI - Compute - GPU - H100', perGpuHour: 9.5 },
    ]);
  });
});
