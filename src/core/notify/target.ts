/**
 * `--notify TARGET` and `channels[].target`: one string per channel, parsed and validated with zod.
 *
 *   webhook:<url>[#whsec_<base64>]    JSON POST; the fragment (never sent) is the Standard Webhooks secret
 *   slack:<incoming-webhook-url>      discord:<webhook-url>
 *   ntfy:<server-url>/<topic>         an access token as user info: https://tk_xxx@ntfy.sh/topic
 *   telegram:<bot-token>@<chat-id>    pagerduty:<routing-key>      exec:<command>
 *
 * A target is a secret as a whole (webhook URLs carry their token in the path), so errors name the
 * kind and what is wrong, never the value; `targetLabel` gives the redacted form (kind and host) and
 * `targetSecrets` the strings the log redactor must learn.
 */
import * as z from 'zod';
import { lazySchema } from '../../shared/model/lazy-schema';
import { CHANNEL_KINDS, CloudtopError, type ChannelKind } from '../../shared/model';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** https, or http to this machine only (self-hosted receivers on loopback, tests). */
const ReceiverUrlSchema = lazySchema(() =>
  z
    .string()
    .refine((s) => URL.canParse(s), 'is not a URL')
    .transform((s) => new URL(s))
    .refine(
      (u) => u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname)),
      'must be https:// (plain http:// only to 127.0.0.1/localhost)',
    ),
);

const SigningSecretSchema = lazySchema(() =>
  z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, 'the signing secret must look like whsec_<base64> (Standard Webhooks)'),
);

const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;
const BOT_TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{30,80}$/;
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/;
const NTFY_TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

export const ChannelTargetSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), url: z.string(), secret: SigningSecretSchema.optional() }),
    z.object({ kind: z.literal('slack'), url: z.string() }),
    z.object({ kind: z.literal('discord'), url: z.string() }),
    z.object({
      kind: z.literal('ntfy'),
      /** Server base URL without the topic, no user info. */
      server: z.string(),
      topic: z.string().regex(NTFY_TOPIC, 'the topic is letters, digits, - and _ (at most 64)'),
      /** Access token (tk_…) sent as Bearer, or user + password sent as Basic. */
      token: z.string().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
    }),
    z.object({
      kind: z.literal('telegram'),
      botToken: z.string().regex(BOT_TOKEN, 'the bot token looks like 123456789:AA… (from @BotFather)'),
      chatId: z.string().regex(CHAT_ID, 'the chat id is a number (-100… for groups) or @channelname'),
    }),
    z.object({
      kind: z.literal('pagerduty'),
      routingKey: z.string().regex(ROUTING_KEY, 'the routing key is the 32-character Events API v2 integration key'),
    }),
    z.object({ kind: z.literal('exec'), command: z.string().min(1, 'give a command').max(4096) }),
  ]),
);
export type ChannelTarget = z.infer<typeof ChannelTargetSchema>;

const USAGE: Record<ChannelKind, string> = {
  webhook: 'webhook:https://host/path[#whsec_<base64 secret>]',
  slack: 'slack:https://hooks.slack.com/services/…',
  discord: 'discord:https://discord.com/api/webhooks/<id>/<token>',
  ntfy: 'ntfy:https://ntfy.sh/<topic> (token: https://tk_…@ntfy.sh/<topic>)',
  telegram: 'telegram:<bot-token>@<chat-id>',
  pagerduty: 'pagerduty:<32-character routing key>',
  exec: 'exec:<command> (gets the alert JSON on stdin)',
};

function fail(where: string, kind: string | undefined, why: string): never {
  const usage = kind && (CHANNEL_KINDS as readonly string[]).includes(kind) ? USAGE[kind as ChannelKind] : undefined;
  throw new CloudtopError('config', `${where}: ${why}`, {
    hint: usage ? `Expected ${usage}` : `Channel kinds: ${CHANNEL_KINDS.map((k) => USAGE[k]).join(' | ')}`,
  });
}

function url(where: string, kind: ChannelKind, raw: string): URL {
  const r = ReceiverUrlSchema.safeParse(raw);
  if (!r.success) fail(where, kind, `the ${kind} URL ${r.error.issues[0]?.message ?? 'is invalid'}`);
  return r.data;
}

/**
 * Parses a target string. `where` names the source for the error ("--notify", "channels[2].target").
 * The error never contains the value: it is a secret.
 */
export function parseTarget(raw: string, where = 'target'): ChannelTarget {
  const s = raw.trim();
  const colon = s.indexOf(':');
  const kind = colon > 0 ? s.slice(0, colon).toLowerCase() : undefined;
  if (!kind || !(CHANNEL_KINDS as readonly string[]).includes(kind)) {
    fail(where, undefined, kind ? `unknown channel kind "${kind.slice(0, 20)}"` : 'expected <kind>:<address>');
  }
  const rest = s.slice(colon + 1);
  let candidate: unknown;
  switch (kind as ChannelKind) {
    case 'webhook': {
      const hash = rest.indexOf('#');
      const u = url(where, 'webhook', hash >= 0 ? rest.slice(0, hash) : rest);
      candidate = { kind, url: u.href, ...(hash >= 0 ? { secret: rest.slice(hash + 1) } : {}) };
      break;
    }
    case 'slack':
    case 'discord':
      candidate = { kind, url: url(where, kind as ChannelKind, rest).href };
      break;
    case 'ntfy': {
      const u = url(where, 'ntfy', rest);
      const parts = u.pathname.split('/').filter(Boolean);
      const topic = parts.pop() ?? '';
      if (!topic) fail(where, 'ntfy', 'the ntfy URL has no topic');
      const user = decodeURIComponent(u.username);
      const password = decodeURIComponent(u.password);
      const auth = user.startsWith('tk_') && !password ? { token: user } : user ? { user, password } : {};
      const server = new URL(u.origin);
      server.pathname = parts.join('/');
      candidate = { kind, server: server.href.replace(/\/+$/, ''), topic, ...auth };
      break;
    }
    case 'telegram': {
      const at = rest.indexOf('@');
      if (at < 0) fail(where, 'telegram', 'missing "@<chat-id>" after the bot token');
      candidate = { kind, botToken: rest.slice(0, at), chatId: rest.slice(at + 1) };
      break;
    }
    case 'pagerduty':
      candidate = { kind, routingKey: rest };
      break;
    case 'exec':
      candidate = { kind, command: rest.trim() };
      break;
  }
  const parsed = ChannelTargetSchema.safeParse(candidate);
  if (!parsed.success) fail(where, kind, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

/** Kind and host only: safe for logs, errors and the window. */
export function targetLabel(t: ChannelTarget): string {
  switch (t.kind) {
    case 'webhook':
    case 'slack':
    case 'discord':
      return `${t.kind} (${new URL(t.url).host})`;
    case 'ntfy':
      return `ntfy (${new URL(t.server).host})`;
    case 'telegram':
    case 'pagerduty':
      return t.kind;
    case 'exec':
      // The program's name only: arguments may carry tokens.
      return `exec (${t.command.split(/\s+/)[0]!.split('/').pop()})`;
  }
}

/** Every string of a target that must never appear in output: the log redactor registers them. */
export function targetSecrets(t: ChannelTarget): string[] {
  const out: string[] = [];
  const fromUrl = (href: string): void => {
    const u = new URL(href);
    out.push(href, u.pathname + u.search);
    // Long path segments are tokens (Slack's last segment, Discord's webhook token); short ones are
    // words ("services", "hooks") that must not be scrubbed from every log line.
    for (const seg of u.pathname.split('/')) if (seg.length >= 16) out.push(seg);
  };
  switch (t.kind) {
    case 'webhook':
      fromUrl(t.url);
      if (t.secret) out.push(t.secret, t.secret.slice('whsec_'.length));
      break;
    case 'slack':
    case 'discord':
      fromUrl(t.url);
      break;
    case 'ntfy':
      // On a public server the topic is the password (ntfy docs: "the topic is essentially a password");
      // the full address is registered, not the bare topic, which may be an ordinary word.
      out.push(`${t.server}/${t.topic}`);
      if (t.topic.length >= 16) out.push(t.topic);
      for (const v of [t.token, t.password]) if (v) out.push(v);
      break;
    case 'telegram':
      out.push(t.botToken);
      break;
    case 'pagerduty':
      out.push(t.routingKey);
      break;
    case 'exec':
      out.push(t.command);
      break;
  }
  return out.filter((s) => s.length >= 6);
}
