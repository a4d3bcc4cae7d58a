import type { Billing, CloudTier } from '../model';

/**
 * The markets that sell on a secure and a community cloud. On their offers the tier tells two
 * kinds apart: RunPod sells the same GPU in the same region on both, at different prices, and
 * history keeps them as two kinds. Every other provider's offers are all data-centre ("secure")
 * ones, and "spot · secure" on each AWS row said nothing.
 */
const TWO_CLOUD_MARKETS: ReadonlySet<string> = new Set(['runpod', 'vastai']);

/**
 * How an offer is billed as every face writes it: the billing, and the cloud tier where it tells
 * offers apart ("interruptible · community").
 */
export function billingLabel(billing: Billing, cloud: CloudTier | undefined, provider: string): string {
  return cloud && (cloud === 'community' || TWO_CLOUD_MARKETS.has(provider)) ? `${billing} · ${cloud}` : billing;
}
