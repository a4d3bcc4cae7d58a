/**
 * `channels` in cloudtop.json: `[{ "name": "team-slack", "target": "${SLACK_WEBHOOK_URL}" }]`.
 * The target is validated here (path `channels[i].target` in the error, never the value); watches
 * name the channels they use (`watches[].channels`).
 */
import * as z from 'zod';
import { lazySchema } from '../../shared/model/lazy-schema';
import { ChannelNameSchema, isCloudtopError } from '../../shared/model';
import { parseTarget } from './target';

export const ChannelConfigSchema = lazySchema(() =>
  z
    .object({
      $comment: z.string().optional(),
      name: ChannelNameSchema,
      target: z
        .string()
        .max(4096)
        .superRefine((s, ctx) => {
          try {
            parseTarget(s, 'target');
          } catch (e) {
            const msg = isCloudtopError(e)
              ? `${e.message.replace(/^target: /, '')}${e.hint ? ` (${e.hint})` : ''}`
              : 'invalid';
            ctx.addIssue({ code: 'custom', message: msg });
          }
        })
        .describe('kind:address, e.g. slack:${SLACK_WEBHOOK_URL}; keep the value in the environment or the keychain'),
    })
    .strict(),
);
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;

export const ChannelsConfigSchema = lazySchema(() =>
  z
    .array(ChannelConfigSchema)
    .max(50)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate channel name "${c.name}"` });
        seen.add(c.name);
      });
    }),
);
