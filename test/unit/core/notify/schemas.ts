/**
 * Request schemas built from each service's documented fields. Tests check them first against the
 * service's own example (test/fixtures/notify), then against what cloudtop sends.
 */
import { z } from 'zod';

// Schemas from the documented request fields; `.strict()` where the docs list every field we may use.
const SlackText = z.object({
  type: z.enum(['plain_text', 'mrkdwn']),
  text: z.string().max(3000),
  emoji: z.boolean().optional(),
});
const SlackBlock = z.union([
  z.object({
    type: z.literal('header'),
    text: SlackText.extend({ type: z.literal('plain_text'), text: z.string().max(150) }),
  }),
  z
    .object({
      type: z.literal('section'),
      block_id: z.string().optional(),
      text: SlackText.optional(),
      fields: z.array(SlackText).optional(),
      accessory: z.unknown().optional(),
    })
    .strict(),
  z.object({ type: z.literal('context'), elements: z.array(SlackText).max(10) }),
]);
export const SlackSchema = z.object({ text: z.string().min(1), blocks: z.array(SlackBlock).max(50) }).strict();

const DiscordEmbed = z
  .object({
    title: z.string().max(256),
    description: z.string().max(4096),
    url: z.url().optional(),
    color: z.number().int().min(0).max(0xffffff),
    timestamp: z.iso.datetime(),
    footer: z.object({ text: z.string().max(2048) }).strict(),
  })
  .strict();
export const DiscordSchema = z
  .object({
    content: z.string().max(2000),
    embeds: z.array(DiscordEmbed).max(10),
    allowed_mentions: z.object({ parse: z.array(z.string()) }),
  })
  .strict();

export const NtfySchema = z
  .object({
    topic: z.string(),
    message: z.string(),
    title: z.string(),
    tags: z.array(z.string()),
    priority: z.number().int().min(1).max(5),
    click: z.url().optional(),
    attach: z.string().optional(),
    filename: z.string().optional(),
    actions: z.array(z.unknown()).optional(),
  })
  .strict();

export const TelegramSchema = z
  .object({
    chat_id: z.union([z.number().int(), z.string().regex(/^@/)]),
    text: z.string().min(1).max(4096),
    link_preview_options: z.object({ is_disabled: z.boolean() }).optional(),
  })
  .strict();

export const PdTrigger = z
  .object({
    routing_key: z.string(),
    event_action: z.literal('trigger'),
    dedup_key: z.string().max(255),
    payload: z
      .object({
        summary: z.string().max(1024),
        source: z.string(),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: z.string(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    links: z.array(z.object({ href: z.url(), text: z.string() }).strict()).optional(),
    client: z.string().optional(),
    client_url: z.url().optional(),
  })
  .strict();
export const PdResolve = z
  .object({ routing_key: z.string(), event_action: z.literal('resolve'), dedup_key: z.string() })
  .strict();
