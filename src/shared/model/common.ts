import * as z from 'zod';
import { lazySchema } from './lazy-schema';

/** Provider ids known to cloudtop. Later clouds are added here and in the core registry. */
export const PROVIDER_IDS = [
  'vastai',
  'runpod',
  'lambda',
  'oci',
  'cloudflare',
  'neon',
  'azure',
  'gcp',
  'aws',
  'digitalocean',
  'linode',
  'hetzner',
] as const;
export const ProviderIdSchema = lazySchema(() => z.enum(PROVIDER_IDS));
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/** ISO-8601 timestamp in UTC (what `new Date().toISOString()` prints). */
export const IsoDateSchema = lazySchema(() => z.iso.datetime({ offset: true }));
export type IsoDate = z.infer<typeof IsoDateSchema>;

/** Profile (account) name: several accounts per provider are allowed. */
export const ProfileNameSchema = lazySchema(() =>
  z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, 'profile names use letters, digits, "-" and "_" (max 32)'),
);
export const DEFAULT_PROFILE = 'default';
