/**
 * Loads an SDK on first use instead of at import time. The provider registry is imported by every
 * command, and the official SDKs are heavy (the Cloudflare SDK alone takes ~350 ms to load): a
 * `cloudtop status` with nothing configured must not pay for SDKs it never calls.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazySdk<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
