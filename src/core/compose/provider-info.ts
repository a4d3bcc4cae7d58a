import type { ProviderInfo } from '../../shared/model';
import type { AnyProviderDescriptor } from '../providers/types';

/** What the faces may know about a provider: its descriptor without schemas, clients or secrets. */
export function providerInfo(d: AnyProviderDescriptor): ProviderInfo {
  return {
    id: d.id,
    displayName: d.displayName,
    kind: d.kind,
    capabilities: d.capabilities,
    credentialFields: d.credentialFields,
    rateLimit: {
      documented: d.rateLimit.documented,
      intervalMs: d.rateLimit.intervalMs,
      intervalCap: d.rateLimit.intervalCap,
    },
    defaultPollMs: d.defaultPollMs,
    consoleUrl: d.consoleUrl,
    defaultBaseUrl: d.defaultBaseUrl,
    ...(d.docsUrl ? { docsUrl: d.docsUrl } : {}),
    ...(d.note ? { note: d.note } : {}),
  };
}
