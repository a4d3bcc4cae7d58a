/**
 * `/api/v1` as users run it: the built `bin/cloudtop.js` as child processes, talked to over HTTP
 * like curl does. `serve --demo` for every endpoint with and without the token, bad parameters,
 * ETag and the event stream; `sim` + `serve` + `offers -o json` for the acceptance check that the API
 * and the CLI answer the same offers. Needs `npm run build` (npm test builds first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../src/core/secrets/types';
import { OffersDocumentSchema } from '../../../src/node/server/rest/schemas';
import type { ProviderId } from '../../../src/shared/model';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/cloudtop.js');
const built =
  fs.existsSync(path.join(ROOT, 'out/cli/cloudtop.mjs')) && fs.existsSync(path.join(ROOT, 'out/renderer/index.html'));

const children: ChildProcess[] = [];
const homes: string[] = [];

function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-api-'));
  homes.push(home);
  const env: NodeJS.ProcessEnv = {};
  // Only what a clean shell has: no CLOUDTOP_* from the developer's environment.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDTOP_') && v !== undefined) env[k] = v;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** Starts `cloudtop <args>` and resolves with the first stdout match of `pattern`. */
async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; out: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const match = await new Promise<RegExpExecArray>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`cloudtop ${args.join(' ')}: no ${String(pattern)} in 60 s\n${out}\n${err}`)),
      60_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`cloudtop ${args.join(' ')} exited with ${code}\n${out}\n${err}`));
    });
  });
  return { child, match, out: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((ok) => {
    child.once('exit', (code) => ok(code));
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

afterAll(async () => {
  await Promise.all(children.map(stop));
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

describe.skipIf(!built)('cloudtop serve --demo: /api/v1 over HTTP', () => {
  let origin = '';
  let token = '';
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const s = await start(['serve', '--demo', '--port', '0'], isolatedEnv(), /(http:\/\/\S+)\/\?token=(\S+)/);
    origin = s.match[1]!;
    token = s.match[2]!;
  }, 90_000);

  it('every endpoint: 401 without the token, 403 with a wrong one, 200 JSON with it', async () => {
    for (const p of ['offers', 'resources', 'providers', 'watches', 'alerts', 'openapi.json']) {
      const url = `${origin}/api/v1/${p}`;
      expect((await fetch(url)).status, p).toBe(401);
      expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status, p).toBe(403);
      const ok = await fetch(url, { headers: auth() });
      expect(ok.status, p).toBe(200);
      expect(ok.headers.get('content-type'), p).toMatch(/^application\/json/);
      expect(ok.headers.get('cache-control'), p).toBe('no-store');
      await ok.json();
    }
    expect((await fetch(`${origin}/api/v1/events`)).status).toBe(401);
  });

  it('bad parameters are 400 naming the parameter; the offers document has the CLI schema', async () => {
    const bad = await fetch(`${origin}/api/v1/offers?max-price=abc`, { headers: auth() });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 'bad_request',
        parameter: 'max-price',
        message: 'max-price: "abc" is not a decimal number ≥ 0 and ≤ 1000000',
      },
    });
    const unknown = await fetch(`${origin}/api/v1/resources?colour=red`, { headers: auth() });
    expect(((await unknown.json()) as { error: { parameter: string } }).error.parameter).toBe('colour');
    const doc = await (await fetch(`${origin}/api/v1/offers?gpu=H100&max-price=3`, { headers: auth() })).json();
    expect(OffersDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('ETag: 304 while the snapshot version stands', async () => {
    const first = await fetch(`${origin}/api/v1/providers`, { headers: auth() });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+"$/);
    const again = await fetch(`${origin}/api/v1/providers`, { headers: { ...auth(), 'If-None-Match': etag } });
    // The demo churns every few seconds: the version may have moved in between, then a fresh 200.
    expect([200, 304]).toContain(again.status);
    if (again.status === 304) expect(await again.text()).toBe('');
    else expect(again.headers.get('etag')).not.toBe(etag);
  });

  it('the OpenAPI document is OpenAPI 3.1 and describes the offers answer', async () => {
    const doc = (await (await fetch(`${origin}/api/v1/openapi.json`, { headers: auth() })).json()) as {
      openapi: string;
      components: { schemas: Record<string, object> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(doc.components.schemas.OffersDocument!);
    const offers = await (await fetch(`${origin}/api/v1/offers?include-unavailable`, { headers: auth() })).json();
    expect(validate(offers), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('/api/v1/events streams hello, then a snapshot diff when the demo changes', async () => {
    const ac = new AbortController();
    const res = await fetch(`${origin}/api/v1/events`, { headers: auth(), signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 45_000;
    try {
      // Until the whole snapshot event has arrived (its data line can span several reads).
      while (!/event: snapshot\nid: \d+\ndata: .*\n\n/.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } finally {
      ac.abort();
    }
    expect(text).toMatch(/^retry: 5000\nevent: hello\nid: \d+\ndata: \{"version":\d+/);
    const m = /event: snapshot\nid: (\d+)\ndata: (.*)\n/.exec(text);
    expect(m, text.slice(0, 500)).not.toBeNull();
    const diff = JSON.parse(m![2]!) as { fromVersion: number; toVersion: number };
    expect(diff.toVersion).toBe(Number(m![1]));
    expect(diff.toVersion).toBeGreaterThan(diff.fromVersion);
  }, 60_000);
});

describe.skipIf(!built)('acceptance: the API and `cloudtop offers -o json` answer the same offers', () => {
  it('/api/v1/offers?gpu=H100&max-price=3 equals `cloudtop offers --gpu H100 --max-price 3 -o json`', async () => {
    // Static simulators (no churn), so both faces see the same market.
    const sim = await start(['sim', '--no-demo', '-o', 'json'], isolatedEnv(), /\n}\n/);
    const fleet = JSON.parse(sim.out()) as {
      simulators: { provider: ProviderId; baseUrl: string; credentials: Record<string, string> }[];
    };
    const simEnv: Record<string, string> = {};
    for (const s of fleet.simulators) {
      simEnv[`CLOUDTOP_${s.provider.toUpperCase()}_BASE_URL`] = s.baseUrl;
      for (const [field, value] of Object.entries(s.credentials))
        simEnv[secretEnvName({ provider: s.provider, profile: 'default', field })] = value;
    }
    const serve = await start(['serve', '--port', '0'], isolatedEnv(simEnv), /(http:\/\/\S+)\/\?token=(\S+)/);
    const origin = serve.match[1]!;
    const headers = { Authorization: `Bearer ${serve.match[2]!}` };
    // Wait until every offer provider has answered once.
    type Doc = {
      providers: { provider: string; lastSuccess?: string; state: string }[];
      offers: Record<string, unknown>[];
    };
    let api: Doc | undefined;
    for (let i = 0; i < 120; i++) {
      api = (await (await fetch(`${origin}/api/v1/offers?gpu=H100&max-price=3`, { headers })).json()) as Doc;
      if (api.providers.length > 0 && api.providers.every((p) => p.lastSuccess || p.state === 'error')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const cli = spawnSync(process.execPath, [BIN, 'offers', '--gpu', 'H100', '--max-price', '3', '-o', 'json'], {
      cwd: ROOT,
      env: isolatedEnv(simEnv),
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as Doc;
    expect(OffersDocumentSchema.safeParse(api).success).toBe(true);
    expect(OffersDocumentSchema.safeParse(fromCli).success).toBe(true);
    expect(api!.offers.length).toBeGreaterThan(0);
    // Same offers, same order, same fields; only when each face fetched them differs.
    const strip = (d: Doc) => d.offers.map(({ fetchedAt: _f, ...o }) => o);
    expect(strip(api!)).toEqual(strip(fromCli));
    expect(Object.keys(api!).sort()).toEqual(Object.keys(fromCli).sort());
  }, 180_000);
});
