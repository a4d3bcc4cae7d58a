/**
 * createCore with `channels` in cloudtop.json: a config watch naming a channel delivers to it when
 * the core is a long-running face (deliverToChannels), not in one-shot CLI commands; the config's
 * channel targets are registered as secrets; config validation names bad channels by path.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../src/core/create-core';
import { validateConfig } from '../../../../src/core/config/validate';
import { MemorySecretStore } from '../../../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../../../src/core/settings/memory-store';
import { startSimulators } from '../../../../src/sim/launch';
import { startReceiver } from '../../../helpers/receiver';
import { SLACK_TOKEN } from './fixtures';

describe('createCore and channels', () => {
  it('delivers a config watch to the channel it names, only when asked to deliver', async () => {
    const fleet = await startSimulators({ providers: ['lambda'] });
    const rx = await startReceiver();
    try {
      const { config, issues } = validateConfig(
        {
          channels: [
            { name: 'team-hook', target: '${HOOK}' },
            { name: 'unused', target: `webhook:${rx.url}/unused` },
          ],
          watches: [{ name: 'any lambda GPU', filter: { providers: ['lambda'] }, channels: ['team-hook'] }],
        },
        { env: { HOOK: `webhook:${rx.url}/hooks/${SLACK_TOKEN}` } },
      );
      expect(issues).toEqual([]);
      const registered: string[] = [];
      const make = (deliverToChannels: boolean) =>
        createCore({
          settings: new InMemorySettingsStore({}),
          secrets: new MemorySecretStore([
            { provider: 'lambda', profile: 'default', field: 'apiKey', value: fleet.credentials.lambda!.apiKey! },
          ]),
          env: fleet.env,
          only: ['lambda'],
          config: config!,
          deliverToChannels,
          registerSecret: (v) => registered.push(v),
        });
      const oneShot = make(false);
      await oneShot.refresh();
      await oneShot.channels.idle();
      await oneShot.stop();
      expect(rx.requests).toHaveLength(0);

      const serve = make(true);
      await serve.refresh();
      await serve.channels.idle();
      expect(rx.requests.map((r) => r.path)).toEqual([`/hooks/${SLACK_TOKEN}`]);
      expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({
        type: 'alert.appeared',
        data: { watch: { name: 'any lambda GPU' } },
      });
      const info = serve.channels.list().find((c) => c.name === 'team-hook')!;
      expect(info).toMatchObject({ kind: 'webhook', source: 'config', last: { ok: true, type: 'alert' } });
      expect(JSON.stringify(serve.channels.list())).not.toContain(SLACK_TOKEN);
      expect(registered.some((s) => s.includes(SLACK_TOKEN))).toBe(true);
      await serve.stop();
    } finally {
      await rx.close();
      await fleet.close();
    }
  });

  it('config errors name the path and never the target', () => {
    const { issues } = validateConfig(
      {
        channels: [
          { name: 'Bad Name', target: 'webhook:https://example.com/x' },
          { name: 'slack', target: `slack:http://hooks.slack.com/services/${SLACK_TOKEN}` },
          { name: 'dup', target: 'webhook:https://example.com/a' },
          { name: 'dup', target: 'webhook:https://example.com/b' },
        ],
        watches: [{ name: 'w', filter: {}, channels: ['nope'] }],
      },
      { env: {} },
    );
    const text = JSON.stringify(issues);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['channels[0].name', 'channels[1].target', 'channels[3].name', 'watches[0].channels[0]']),
    );
    expect(text).toMatch(/must be https/);
    expect(text).toMatch(/no channel named \\"nope\\"/);
    expect(text).not.toContain(SLACK_TOKEN);
  });
});
