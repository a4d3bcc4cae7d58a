import type { Billing, CloudTier } from '../model';

/**
 * How an offer is billed as every face writes it: the billing, and the cloud tier where the market
 * has one ("interruptible · community"). The tier is part of what tells two offer kinds apart:
 * RunPod sells the same GPU in the same region on its secure and its community cloud, at different
 * prices, and history keeps them as two kinds.
 */
export function billingLabel(billing: Billing, cloud?: CloudTier): string {
  return cloud ? `${billing} · ${cloud}` : billing;
}
