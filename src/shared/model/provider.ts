import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDateSchema, ProviderIdSchema } from './common';
import { ErrorInfoSchema } from './error-schema';

export const ProviderKindSchema = lazySchema(() => z.enum(['gpu-market', 'cloud']));
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

export const ProviderStateSchema = lazySchema(() => z.enum(['ok', 'degraded', 'error', 'unconfigured', 'disabled']));
export type ProviderState = z.infer<typeof ProviderStateSchema>;

export const RateLimitUsageSchema = lazySchema(() =>
  z.object({
    /** Requests sent in the current limiter window. */
    used: z.number().nonnegative(),
    /** Limiter cap per window (our cap, at most half the documented limit). */
    limit: z.number().positive(),
    windowMs: z.number().positive(),
    /** Until when the provider told us to stay silent (Retry-After, Cloudflare block). */
    blockedUntil: IsoDateSchema.optional(),
  }),
);
export type RateLimitUsage = z.infer<typeof RateLimitUsageSchema>;

/** Health of one provider account as every face shows it. */
export const ProviderStatusSchema = lazySchema(() =>
  z.object({
    provider: ProviderIdSchema,
    account: z.string(),
    displayName: z.string(),
    kind: ProviderKindSchema,
    state: ProviderStateSchema,
    lastSuccess: IsoDateSchema.optional(),
    lastAttempt: IsoDateSchema.optional(),
    nextPoll: IsoDateSchema.optional(),
    /** True when the data shown is older than its poll interval (or the last poll failed). */
    stale: z.boolean().default(false),
    error: ErrorInfoSchema.optional(),
    rateLimit: RateLimitUsageSchema.optional(),
    /** Requests sent during the last refresh (for the bench and /metrics). */
    lastRequestCount: z.number().nonnegative().optional(),
    lastDurationMs: z.number().nonnegative().optional(),
    offerCount: z.number().nonnegative().default(0),
    resourceCount: z.number().nonnegative().default(0),
    /** Set when the base URL points at a simulator (demo mode). */
    demo: z.boolean().optional(),
  }),
);
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

/** What the UI/CLI may know about a credential: never the value itself. */
export const CredentialFieldInfoSchema = lazySchema(() =>
  z.object({
    name: z.string(),
    label: z.string(),
    secret: z.boolean(),
    optional: z.boolean().default(false),
    help: z.string().optional(),
    /** Multi-line input (PEM keys). */
    multiline: z.boolean().optional(),
  }),
);
export type CredentialFieldInfo = z.infer<typeof CredentialFieldInfoSchema>;

export const CredentialStatusSchema = lazySchema(() =>
  z.object({
    provider: ProviderIdSchema,
    account: z.string(),
    fields: z.array(
      z.object({
        name: z.string(),
        configured: z.boolean(),
        /** Where the value comes from. */
        source: z.enum(['env', 'keychain', 'config', 'session', 'none']),
        /** A non-revealing hint for secrets ("…4f2a"), the value for non-secret fields. */
        hint: z.string().optional(),
      }),
    ),
    configured: z.boolean(),
  }),
);
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;

/** Serialisable part of a provider descriptor (what the UI and `cloudtop providers` show). */
export const ProviderInfoSchema = lazySchema(() =>
  z.object({
    id: ProviderIdSchema,
    displayName: z.string(),
    kind: ProviderKindSchema,
    capabilities: z.object({ offers: z.boolean(), resources: z.boolean(), metrics: z.boolean() }),
    credentialFields: z.array(CredentialFieldInfoSchema),
    rateLimit: z.object({ documented: z.string(), intervalMs: z.number(), intervalCap: z.number() }),
    defaultPollMs: z.number(),
    consoleUrl: z.string(),
    defaultBaseUrl: z.string(),
    docsUrl: z.string().optional(),
    /** What the provider cannot show, and why (Hetzner: no GPU stock anywhere in its APIs). */
    note: z.string().optional(),
  }),
);
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;
