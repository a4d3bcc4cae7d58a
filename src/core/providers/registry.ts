/**
 * The explicit provider registry. Each provider folder exports its descriptor from index.ts and is
 * listed here; test/unit/core/registry.test.ts checks every entry has a simulator and contract tests.
 */
import type { AnyProviderDescriptor } from './types';
import type { ProviderId } from '../../shared/model';
import { vastaiProvider } from './vastai';
import { lambdaProvider } from './lambda';
import { runpodProvider } from './runpod';
import { ociProvider } from './oci';
import { cloudflareProvider } from './cloudflare';
import { neonProvider } from './neon';
import { digitaloceanProvider } from './digitalocean';
import { linodeProvider } from './linode';
import { hetznerProvider } from './hetzner';
import { azureProvider } from './azure';
import { gcpProvider } from './gcp';
import { awsProvider } from './aws';

export const providerRegistry: AnyProviderDescriptor[] = [
  // vastaiProvider, runpodProvider, lambdaProvider, ociProvider, cloudflareProvider, neonProvider
  vastaiProvider,
  lambdaProvider,
  runpodProvider,
  ociProvider,
  cloudflareProvider,
  neonProvider,
  digitaloceanProvider,
  linodeProvider,
  hetznerProvider,
  azureProvider,
  gcpProvider,
  awsProvider,
];

export function findProvider(id: ProviderId): AnyProviderDescriptor | undefined {
  return providerRegistry.find((p) => p.id === id);
}
