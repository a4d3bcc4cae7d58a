/**
 * The acceptance, as users run it: `cloudtop sim` and `cloudtop watch … --exit-on-match --notify …`
 * as real processes (bin/cloudtop.js), local receivers standing in for a webhook endpoint, Slack,
 * Discord and ntfy. Each gets the service's documented shape, the command exits 0 after the
 * deliveries, and the planted secrets appear nowhere in stdout, stderr or the log file.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../helpers/receiver';
import { DiscordSchema, NtfySchema, PdResolve, PdTrigger, SlackSchema, TelegramSchema } from '../core/notify/schemas';

const ROOT = path.resolve(__dirname, '../../..');
const SLACK_TOKEN = 'PLANTEDslackPROCESStoken0123456789';
const DISCORD_TOKEN = 'PLANTEDdiscordPROCESStoken0123456789abcdefghij';
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NTFY_TOKEN = 'tk_PLANTEDntfyPROCESS0123456789';
const TELEGRAM_TOKEN = '987654321:PLANTEDtelegramPROCESS_abcdefghijklmn';
const PD_KEY = 'PLANTEDpdPROCESSkey0123456789abc';

let home: string;
let env: NodeJS.ProcessEnv;

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/cloudtop.js', ...args], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cloudtop ${args[0]} did not exit\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function logText(): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(home);
  return out.join('\n');
}

let sim: ReturnType<typeof spawn>;
let vastUrl: string;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-notify-'));
  env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    HOME: home,
    NO_COLOR: '1',
  };
  sim = spawn(process.execPath, ['bin/cloudtop.js', 'sim', '--provider', 'vastai', '--no-demo', '--output', 'json'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  vastUrl = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('cloudtop sim printed nothing')), 30_000);
    sim.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        const doc = JSON.parse(out) as { simulators: { provider: string; baseUrl: string }[] };
        clearTimeout(timer);
        ok(doc.simulators.find((s) => s.provider === 'vastai')!.baseUrl);
      } catch {
        // not complete yet
      }
    });
  });
}, 60_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const gone = new Promise((ok) => sim.once('exit', ok));
    sim.kill('SIGINT');
    await gone;
  }
});

describe('cloudtop watch --notify (processes)', () => {
  it('delivers to webhook, Slack, Discord and ntfy receivers in their documented shapes, then exits 0', async () => {
    const rx: Record<string, Receiver> = {
      webhook: await startReceiver(),
      slack: await startReceiver(),
      discord: await startReceiver(() => ({ status: 204 })),
      ntfy: await startReceiver(() => ({ status: 200, body: '{"id":"abc","event":"message"}' })),
    };
    try {
      const r = await run(
        [
          'watch',
          '--provider',
          'vastai',
          '--gpu',
          'H100', // on offer in the simulator from the first poll
          '--exit-on-match',
          '--output',
          'json',
          '--notify',
          `webhook:${rx.webhook!.url}/hooks/cloudtop#${WEBHOOK_SECRET}`,
          '--notify',
          `slack:${rx.slack!.url}/services/T000/B000/${SLACK_TOKEN}`,
          '--notify',
          `discord:${rx.discord!.url}/api/webhooks/42/${DISCORD_TOKEN}`,
          '--notify',
          `ntfy:${rx.ntfy!.url.replace('http://', `http://${NTFY_TOKEN}@`)}/gpu-alerts`,
        ],
        { CLOUDTOP_VASTAI_BASE_URL: vastUrl },
      );
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { offers: { id: string; gpu: { model: string } }[] };
      expect(doc.offers.length).toBeGreaterThan(0);

      // Webhook: Standard Webhooks headers, signature checked as a receiver would, offers in the JSON output's shape.
      const wh = rx.webhook!.requests;
      expect(wh).toHaveLength(1);
      const id = String(wh[0]!.headers['webhook-id']);
      const ts = String(wh[0]!.headers['webhook-timestamp']);
      const mac = createHmac('sha256', Buffer.from(WEBHOOK_SECRET.slice(6), 'base64'))
        .update(`${id}.${ts}.${wh[0]!.body}`)
        .digest('base64');
      expect(wh[0]!.headers['webhook-signature']).toBe(`v1,${mac}`);
      const payload = JSON.parse(wh[0]!.body) as {
        type: string;
        data: { offers: { id: string; gpu: { model: string } }[] };
      };
      expect(payload.type).toBe('alert.appeared');
      expect(payload.data.offers.map((o) => o.id).sort()).toEqual(doc.offers.map((o) => o.id).sort());
      expect(payload.data.offers.every((o) => o.gpu.model.startsWith('H100'))).toBe(true);

      expect(rx.slack!.requests[0]!.path).toBe(`/services/T000/B000/${SLACK_TOKEN}`);
      expect(SlackSchema.parse(rx.slack!.json()[0]).text).toMatch(/H100.* available/);
      expect(DiscordSchema.parse(rx.discord!.json()[0]).content).toMatch(/H100.* available/);
      expect(rx.ntfy!.requests[0]!.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
      expect(NtfySchema.parse(rx.ntfy!.json()[0])).toMatchObject({ topic: 'gpu-alerts', priority: 4 });

      expect(r.stderr).toMatch(/✓ slack \(127\.0\.0\.1:\d+\): alert delivered/);
      const printed = r.stdout + r.stderr + logText();
      for (const s of [SLACK_TOKEN, DISCORD_TOKEN, NTFY_TOKEN, WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6)]) {
        expect(printed).not.toContain(s);
      }
    } finally {
      await Promise.all(Object.values(rx).map((x) => x.close()));
    }
  }, 90_000);

  it('exits 1 and says which channel failed when a delivery fails', async () => {
    const bad = await startReceiver(() => ({ status: 403, body: 'invalid_token' }));
    try {
      const r = await run(
        [
          'watch',
          '-p',
          'vastai',
          '--gpu',
          'H100',
          '--exit-on-match',
          '--notify',
          `slack:${bad.url}/services/T/B/${SLACK_TOKEN}`,
        ],
        { CLOUDTOP_VASTAI_BASE_URL: vastUrl },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/✗ slack \(127\.0\.0\.1:\d+\) refused the message \(HTTP 403\): invalid_token/);
      expect(r.stdout + r.stderr).not.toContain(SLACK_TOKEN);
    } finally {
      await bad.close();
    }
  }, 60_000);

  it('rejects a bad --notify target with exit 2 and no echo of the value', async () => {
    const r = await run(['watch', '--gpu', 'H100', '--notify', `slack:http://hooks.slack.com/services/${SLACK_TOKEN}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--notify: the slack URL must be https/);
    expect(r.stderr).not.toContain(SLACK_TOKEN);
  });
});

describe('cloudtop notify test (processes)', () => {
  it('Telegram and PagerDuty on their overridable base URLs; PagerDuty test triggers then resolves', async () => {
    const tg = await startReceiver(() => ({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' }));
    const pd = await startReceiver(() => ({ status: 202, body: '{"status":"success","message":"Event processed"}' }));
    try {
      const extra = { CLOUDTOP_TELEGRAM_BASE_URL: tg.url, CLOUDTOP_PAGERDUTY_BASE_URL: pd.url };
      const t = await run(['notify', 'test', `telegram:${TELEGRAM_TOKEN}@-100123`], extra);
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout).toMatch(/✓ telegram: test delivered/);
      expect(tg.requests[0]!.path).toBe(`/bot${TELEGRAM_TOKEN}/sendMessage`);
      expect(TelegramSchema.parse(tg.json()[0]).chat_id).toBe(-100123);

      const p = await run(['notify', 'test', `pagerduty:${PD_KEY}`], extra);
      expect(p.code, p.stderr).toBe(0);
      const [trigger, resolve] = pd.json();
      expect(PdTrigger.parse(trigger).routing_key).toBe(PD_KEY);
      expect(PdResolve.parse(resolve).dedup_key).toBe(PdTrigger.parse(trigger).dedup_key);

      const printed = t.stdout + t.stderr + p.stdout + p.stderr + logText();
      expect(printed).not.toContain(TELEGRAM_TOKEN);
      expect(printed).not.toContain(PD_KEY);
    } finally {
      await Promise.all([tg.close(), pd.close()]);
    }
  }, 60_000);

  it('a channel named in cloudtop.json, its target from the environment', async () => {
    const rx = await startReceiver();
    try {
      const config = path.join(home, 'cloudtop.json');
      fs.writeFileSync(config, JSON.stringify({ channels: [{ name: 'team-hook', target: '${TEAM_HOOK}' }] }));
      const r = await run(['--config', config, 'notify', 'test', 'team-hook'], {
        TEAM_HOOK: `webhook:${rx.url}/${SLACK_TOKEN}`,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ type: 'test' });
      const list = await run(['--config', config, 'notify', 'list'], { TEAM_HOOK: `webhook:${rx.url}/${SLACK_TOKEN}` });
      expect(list.stdout).toMatch(/team-hook\twebhook \(127\.0\.0\.1:\d+\)\tconfig/);
      expect(r.stdout + r.stderr + list.stdout + logText()).not.toContain(SLACK_TOKEN);
    } finally {
      await rx.close();
    }
  }, 60_000);
});
