/**
 * Registry conformance: every registered provider has a complete descriptor, a simulator that
 * speaks its API and a contract test file. Passes with whatever is registered.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { providerRegistry } from '../../../src/core/providers/registry';
import { simulators } from '../../../src/sim/index';
import { CredentialFieldInfoSchema, PROVIDER_IDS } from '../../../src/shared/model';
import type { AnyProviderDescriptor } from '../../../src/core/providers/types';
import { realClock } from '../../../src/core/collector/clock';
import { silentLogger } from '../../../src/core/log/types';

describe('provider registry', () => {
  it('has unique, known ids', () => {
    const ids = providerRegistry.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(PROVIDER_IDS).toContain(id);
  });

  it.each(providerRegistry.map((p) => [p.id, p] as const))('%s has a complete descriptor', (_id, p) => {
    expect(p.displayName.length).toBeGreaterThan(1);
    expect(['gpu-market', 'cloud']).toContain(p.kind);
    expect(p.credentialFields.length).toBeGreaterThan(0);
    for (const f of p.credentialFields) expect(() => CredentialFieldInfoSchema.parse(f)).not.toThrow();
    expect(p.rateLimit.documented.length).toBeGreaterThan(3);
    expect(p.rateLimit.intervalCap).toBeGreaterThan(0);
    expect(p.rateLimit.intervalMs).toBeGreaterThan(0);
    expect(p.defaultPollMs).toBeGreaterThanOrEqual(10_000);
    expect(Object.values(p.capabilities).some(Boolean)).toBe(true);
    expect(p.consoleUrl).toMatch(/^https:\/\//);
    expect(p.defaultBaseUrl).toMatch(/^https:\/\//);
    expect(typeof p.create).toBe('function');
  });

  it.each(providerRegistry.map((p) => [p.id] as const))('%s has a simulator', (id) => {
    expect(simulators.map((s) => s.id)).toContain(id);
  });

  it.each(providerRegistry.map((p) => [p.id] as const))('%s has contract tests', (id) => {
    const files = fs.readdirSync('test/providers').filter((f) => f.startsWith(id) && f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
  });

  // resolveCredentials skips validation when no field has a value at all: that must mean "not configured".
  it.each(providerRegistry.map((p) => [p.id, p] as const))(
    '%s: no credential value at all is never valid',
    (_id, p) => {
      expect(p.credentialSchema.safeParse({}).success).toBe(false);
    },
  );

  // The registry lists each provider's descriptor.ts (no client) and loads index.ts on first use.
  it.each(providerRegistry.map((p) => [p.id, p] as const))(
    '%s: the registry entry says what the whole provider says, and its client has the methods its capabilities name',
    async (id, p) => {
      const full = Object.values(await import(`../../../src/core/providers/${id}/index.ts`)).find(
        (v): v is AnyProviderDescriptor => typeof v === 'object' && v !== null && (v as { id?: unknown }).id === id,
      )!;
      expect(full).toBeDefined();
      const { create: _lazy, ...info } = p;
      const { create, ...fullInfo } = full;
      expect(info).toEqual(fullInfo);
      const client = create({
        provider: id,
        account: 'default',
        baseUrl: p.defaultBaseUrl,
        credentials: null,
        http: {} as never,
        clock: realClock,
        log: silentLogger,
        options: {},
      });
      // Clients that need credentials stand in with an "unconfigured" client when there are none.
      if (p.anonymousOffers) {
        expect(typeof client.fetchOffers === 'function').toBe(p.capabilities.offers);
        expect(typeof client.fetchResources === 'function').toBe(p.capabilities.resources);
        expect(typeof client.fetchMetrics === 'function').toBe(p.capabilities.metrics);
      }
      expect(typeof client.testConnection).toBe('function');
    },
  );

  it('every simulator belongs to a registered provider', () => {
    for (const s of simulators) expect(providerRegistry.map((p) => p.id)).toContain(s.id);
  });
});
