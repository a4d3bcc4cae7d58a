import * as z from 'zod';
import { lazySchema } from '../../shared/model/lazy-schema';
import { PROVIDER_IDS, ProfileNameSchema, WatchInputSchema, type ProviderId } from '../../shared/model';
import { NotificationSettingsSchema } from '../../shared/settings/schema';
import { ChannelsConfigSchema } from '../notify/config';

/** Field names as the descriptors spell them (camelCase), same rule as the IPC contract. */
export const CredentialFieldNameSchema = lazySchema(() =>
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/, 'credential field names are camelCase letters and digits'),
);

export const HttpUrlSchema = lazySchema(() =>
  z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
);

const CommentSchema = lazySchema(() => z.string().describe('Free text for humans; ignored by cloudtop.').optional());

/** `accounts.<profile>.<field>`: credentials in the file, usually as `${ENV}` references. */
export const AccountCredentialsSchema = lazySchema(() =>
  z.record(
    CredentialFieldNameSchema,
    z.string().min(1, 'empty value: remove the field or give it a value').max(16_384),
  ),
);

export const ProviderConfigSchema = lazySchema(() =>
  z
    .object({
      $comment: CommentSchema,
      enabled: z.boolean().optional().describe('false hides the provider even when it has credentials'),
      baseUrl: HttpUrlSchema.optional().describe('API base URL override (CLOUDTOP_<ID>_BASE_URL wins)'),
      pollSeconds: z
        .number()
        .int()
        .min(10)
        .max(24 * 3600)
        .optional()
        .describe('poll interval in seconds'),
      options: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('provider-specific options, checked by the provider'),
      accounts: z
        .record(ProfileNameSchema, AccountCredentialsSchema)
        .optional()
        .describe('credentials per profile; environment variables and the keychain are preferred for secrets'),
    })
    .strict(),
);
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

export const ConfigNotificationsSchema = lazySchema(() =>
  NotificationSettingsSchema.omit({ pausedUntil: true }).partial().strict(),
);

export const CloudtopConfigSchema = lazySchema(() => {
  const providersShape = Object.fromEntries(PROVIDER_IDS.map((id) => [id, ProviderConfigSchema.optional()])) as Record<
    ProviderId,
    z.ZodOptional<typeof ProviderConfigSchema>
  >;
  return z
    .object({
      $schema: z.string().optional(),
      $comment: CommentSchema,
      providers: z.object(providersShape).strict().optional(),
      notifications: ConfigNotificationsSchema.optional(),
      watches: z.array(WatchInputSchema).optional(),
      channels: ChannelsConfigSchema.optional().describe(
        'alert channels (Slack, Discord, ntfy, Telegram, PagerDuty, webhook, exec) that watches name',
      ),
    })
    .strict()
    .superRefine((c, ctx) => {
      // A watch naming a channel that does not exist would silently never deliver.
      const names = new Set((c.channels ?? []).map((ch) => ch.name));
      (c.watches ?? []).forEach((w, i) =>
        (w.channels ?? []).forEach((n, j) => {
          if (!names.has(n)) {
            ctx.addIssue({
              code: 'custom',
              path: ['watches', i, 'channels', j],
              message: `no channel named "${n}" in channels[]${names.size ? ` (have: ${[...names].join(', ')})` : ''}`,
            });
          }
        }),
      );
    });
});
export type CloudtopConfig = z.infer<typeof CloudtopConfigSchema>;

export function emptyConfig(): CloudtopConfig {
  return {};
}
