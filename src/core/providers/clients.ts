/**
 * Every provider with its client (index.ts of each folder), for the registry's lazyProvider loaders.
 * One module on purpose: the first client made loads them all in one piece (the CLI bundles it as
 * one chunk) instead of a chunk per provider and per piece they share. SDKs stay behind lazySdk.
 */
export { vastaiProvider } from './vastai';
export { lambdaProvider } from './lambda';
export { runpodProvider } from './runpod';
export { ociProvider } from './oci';
export { cloudflareProvider } from './cloudflare';
export { neonProvider } from './neon';
export { digitaloceanProvider } from './digitalocean';
export { linodeProvider } from './linode';
export { hetznerProvider } from './hetzner';
export { azureProvider } from './azure';
export { gcpProvider } from './gcp';
export { awsProvider } from './aws';
