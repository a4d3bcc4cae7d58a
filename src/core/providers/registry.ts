/**
 * The explicit provider registry. Each provider folder exports its descriptor without the client
 * from descriptor.ts and the whole provider from index.ts; the registry lists the first and loads
 * the second (all of them, clients.ts) when a client is made (lazyProvider), so importing the registry loads no client, parser
 * or SDK (`cloudtop status` with nothing configured makes none). test/unit/core/registry.test.ts
 * checks every entry has a simulator and contract tests.
 */
import type { AnyProviderDescriptor } from './types';
import type { ProviderId } from '../../shared/model';
import { lazyProvider } from './lazy-provider';
import { vastaiInfo } from './vastai/descriptor';
import { lambdaInfo } from './lambda/descriptor';
import { runpodInfo } from './runpod/descriptor';
import { ociInfo } from './oci/descriptor';
import { cloudflareInfo } from './cloudflare/descriptor';
import { neonInfo } from './neon/descriptor';
import { digitaloceanInfo } from './digitalocean/descriptor';
import { linodeInfo } from './linode/descriptor';
import { hetznerInfo } from './hetzner/descriptor';
import { azureInfo } from './azure/descriptor';
import { gcpInfo } from './gcp/descriptor';
import { awsInfo } from './aws/descriptor';

export const providerRegistry: AnyProviderDescriptor[] = [
  lazyProvider(vastaiInfo, async () => (await import('./clients')).vastaiProvider),
  lazyProvider(lambdaInfo, async () => (await import('./clients')).lambdaProvider),
  lazyProvider(runpodInfo, async () => (await import('./clients')).runpodProvider),
  lazyProvider(ociInfo, async () => (await import('./clients')).ociProvider),
  lazyProvider(cloudflareInfo, async () => (await import('./clients')).cloudflareProvider),
  lazyProvider(neonInfo, async () => (await import('./clients')).neonProvider),
  lazyProvider(digitaloceanInfo, async () => (await import('./clients')).digitaloceanProvider),
  lazyProvider(linodeInfo, async () => (await import('./clients')).linodeProvider),
  lazyProvider(hetznerInfo, async () => (await import('./clients')).hetznerProvider),
  lazyProvider(azureInfo, async () => (await import('./clients')).azureProvider),
  lazyProvider(gcpInfo, async () => (await import('./clients')).gcpProvider),
  lazyProvider(awsInfo, async () => (await import('./clients')).awsProvider),
];

export function findProvider(id: ProviderId): AnyProviderDescriptor | undefined {
  return providerRegistry.find((p) => p.id === id);
}
