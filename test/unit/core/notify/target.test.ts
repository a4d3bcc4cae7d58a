import { describe, expect, it } from 'vitest';
import { parseTarget, targetLabel, targetSecrets } from '../../../../src/core/notify/target';
import { CloudtopError } from '../../../../src/shared/model';
import { DISCORD_TOKEN, NTFY_TOKEN, PD_KEY, SLACK_TOKEN, TELEGRAM_TOKEN, WEBHOOK_SECRET } from './fixtures';

function errorOf(raw: string): CloudtopError {
  try {
    parseTarget(raw, '--notify');
  } catch (e) {
    return e as CloudtopError;
  }
  throw new Error(`parsed: ${raw}`);
}

describe('parseTarget', () => {
  it('parses every kind', () => {
    expect(parseTarget(`slack:https://hooks.slack.com/services/T0/B0/${SLACK_TOKEN}`)).toEqual({
      kind: 'slack',
      url: `https://hooks.slack.com/services/T0/B0/${SLACK_TOKEN}`,
    });
    expect(parseTarget(`discord:https://discord.com/api/webhooks/123/${DISCORD_TOKEN}`).kind).toBe('discord');
    expect(parseTarget(`webhook:https://example.com/hook#${WEBHOOK_SECRET}`)).toEqual({
      kind: 'webhook',
      url: 'https://example.com/hook',
      secret: WEBHOOK_SECRET,
    });
    expect(parseTarget(`ntfy:https://${NTFY_TOKEN}@ntfy.example.com/base/gpu-alerts`)).toEqual({
      kind: 'ntfy',
      server: 'https://ntfy.example.com/base',
      topic: 'gpu-alerts',
      token: NTFY_TOKEN,
    });
    expect(parseTarget('ntfy:https://phil:pw123@ntfy.sh/t1')).toMatchObject({ user: 'phil', password: 'pw123' });
    expect(parseTarget(`telegram:${TELEGRAM_TOKEN}@-1001234567890`)).toEqual({
      kind: 'telegram',
      botToken: TELEGRAM_TOKEN,
      chatId: '-1001234567890',
    });
    expect(parseTarget(`telegram:${TELEGRAM_TOKEN}@@mychannel`)).toMatchObject({ chatId: '@mychannel' });
    expect(parseTarget(`pagerduty:${PD_KEY}`)).toEqual({ kind: 'pagerduty', routingKey: PD_KEY });
    expect(parseTarget('exec:/usr/local/bin/page-me --loud')).toEqual({
      kind: 'exec',
      command: '/usr/local/bin/page-me --loud',
    });
    expect(parseTarget('webhook:http://127.0.0.1:9000/x').kind).toBe('webhook');
  });

  it('rejects bad targets with what is wrong, never echoing the value', () => {
    const cases: Array<[string, RegExp]> = [
      [`slack:http://hooks.slack.com/services/${SLACK_TOKEN}`, /must be https/],
      [`carrier-pigeon:${SLACK_TOKEN}`, /unknown channel kind/],
      [`${SLACK_TOKEN}`, /expected <kind>:<address>/],
      [`telegram:${TELEGRAM_TOKEN}`, /missing "@<chat-id>"/],
      [`telegram:notatoken${SLACK_TOKEN}@123`, /bot token/],
      [`pagerduty:${PD_KEY}x`, /32-character/],
      [`webhook:https://example.com/h#${SLACK_TOKEN}`, /whsec_/],
      [`ntfy:https://ntfy.sh/`, /no topic/],
      [`discord:not a url ${DISCORD_TOKEN}`, /is not a URL/],
      ['exec:   ', /give a command/],
    ];
    for (const [raw, why] of cases) {
      const e = errorOf(raw);
      expect(e).toBeInstanceOf(CloudtopError);
      expect(e.code).toBe('config');
      expect(e.message).toMatch(/^--notify: /);
      expect(e.message).toMatch(why);
      for (const s of [SLACK_TOKEN, TELEGRAM_TOKEN, PD_KEY, DISCORD_TOKEN]) {
        expect(e.message + (e.hint ?? '')).not.toContain(s);
      }
    }
  });

  it('labels name the kind and host only; secrets list covers every token', () => {
    const slack = parseTarget(`slack:https://hooks.slack.com/services/T0/B0/${SLACK_TOKEN}`);
    expect(targetLabel(slack)).toBe('slack (hooks.slack.com)');
    expect(targetSecrets(slack).some((s) => s.includes(SLACK_TOKEN))).toBe(true);
    expect(targetSecrets(slack)).not.toContain('services');
    const tg = parseTarget(`telegram:${TELEGRAM_TOKEN}@42`);
    expect(targetLabel(tg)).toBe('telegram');
    expect(targetSecrets(tg)).toContain(TELEGRAM_TOKEN);
    expect(targetSecrets(parseTarget(`pagerduty:${PD_KEY}`))).toContain(PD_KEY);
    const wh = parseTarget(`webhook:https://example.com/hook#${WEBHOOK_SECRET}`);
    expect(targetSecrets(wh)).toContain(WEBHOOK_SECRET);
    expect(targetLabel(parseTarget('exec:/opt/bin/page-me --token abcdefgh'))).toBe('exec (page-me)');
    expect(targetSecrets(parseTarget(`ntfy:https://${NTFY_TOKEN}@ntfy.sh/alerts`))).toContain(NTFY_TOKEN);
  });
});
