import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { ErrorInfoSchema } from './error-schema';
import { IsoDateSchema } from './common';
import { ChannelNameSchema } from './watch';

/** Alert channels beyond the desktop (src/core/notify). */
export const CHANNEL_KINDS = ['webhook', 'slack', 'discord', 'ntfy', 'telegram', 'pagerduty', 'exec'] as const;
export const ChannelKindSchema = lazySchema(() => z.enum(CHANNEL_KINDS));
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** One delivery (alert, resolve or test) as the log keeps it: no target, no secret. */
export const DeliveryRecordSchema = lazySchema(() =>
  z.object({
    channel: z.string(),
    label: z.string(),
    kind: ChannelKindSchema,
    type: z.enum(['alert', 'resolved', 'test']),
    watchId: z.string(),
    eventId: z.string().optional(),
    at: IsoDateSchema,
    ok: z.boolean(),
    status: z.number().int().optional(),
    detail: z.string().optional(),
    attempts: z.number().int().optional(),
    error: ErrorInfoSchema.optional(),
  }),
);
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>;

/** What the window sees of a channel: its name, kind and redacted label (kind and host). */
export const ChannelInfoSchema = lazySchema(() =>
  z.object({
    name: z.string(),
    kind: ChannelKindSchema,
    label: z.string(),
    /** cloudtop.json, the window's settings, or `--notify` on the command line. */
    source: z.enum(['config', 'settings', 'cli']),
    last: DeliveryRecordSchema.optional(),
  }),
);
export type ChannelInfo = z.infer<typeof ChannelInfoSchema>;

/** Saved in settings (the target itself is in the keychain). */
export const SavedChannelSchema = lazySchema(() => z.object({ name: ChannelNameSchema, kind: ChannelKindSchema }));
export type SavedChannel = z.infer<typeof SavedChannelSchema>;
