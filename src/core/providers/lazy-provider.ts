/**
 * A registry entry whose client loads on first use. Every command imports the registry (ids, names,
 * credential fields, options schemas), but only a command that talks to a provider needs its client,
 * parse and SDK modules: `cloudtop status` with nothing configured never loads any of them (issue #12).
 *
 * A provider folder has `descriptor.ts` (everything but `create`: what the registry reads) and
 * `index.ts` (the whole descriptor, `{ ...info, create }`, with the client). `lazyProvider(info, load)`
 * gives the registry a descriptor whose `create` returns a stand-in client: its first call imports
 * index.ts and makes the real client, later calls go straight to it. The stand-in has the methods
 * the capabilities name (the collector calls nothing else); a client that cannot be made fails each
 * call with the error it threw. `response.check` runs in the collector before the client sees a body,
 * so it is part of the info, not of the client.
 */
import { CloudtopError } from '../../shared/model/errors';
import { clientSetupError } from '../collector/provider-runner';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from './types';

/** A descriptor without its client: what `descriptor.ts` exports. */
export type ProviderInfo<Cred extends Record<string, string | undefined> = Record<string, string | undefined>> = Omit<
  ProviderDescriptor<Cred>,
  'create'
>;

type ClientMethod = 'fetchOffers' | 'fetchResources' | 'fetchMetrics' | 'testConnection';

export function lazyProvider<Cred extends Record<string, string | undefined>>(
  info: ProviderInfo<Cred>,
  load: () => Promise<ProviderDescriptor<Cred>>,
): ProviderDescriptor<Cred> {
  let full: ProviderDescriptor<Cred> | undefined;
  const loadFull = async (): Promise<ProviderDescriptor<Cred>> => (full ??= await load());
  return {
    ...info,
    create(ctx: ProviderContext<Cred>): ProviderClient {
      let client: Promise<ProviderClient> | undefined;
      const real = (): Promise<ProviderClient> =>
        (client ??= loadFull().then((d) => {
          try {
            return d.create(ctx);
          } catch (e) {
            // What ProviderRuntime reports for a client that cannot be made (here it is made later).
            throw e instanceof CloudtopError ? e : clientSetupError(info);
          }
        }));
      const method =
        (name: ClientMethod) =>
        async (...args: unknown[]): Promise<never> => {
          const c = await real();
          const fn = c[name] as ((...a: unknown[]) => Promise<never>) | undefined;
          if (typeof fn !== 'function')
            throw new CloudtopError('config', `${info.displayName}: its client has no ${name}`, { provider: info.id });
          return fn.apply(c, args);
        };
      const caps = info.capabilities;
      return {
        ...(caps.offers ? { fetchOffers: method('fetchOffers') } : {}),
        ...(caps.resources ? { fetchResources: method('fetchResources') } : {}),
        ...(caps.metrics ? { fetchMetrics: method('fetchMetrics') } : {}),
        testConnection: method('testConnection'),
      };
    },
  };
}
