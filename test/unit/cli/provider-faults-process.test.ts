/**
 * Issue #11 §3 as users see it: the CLI run as a process (`node bin/cloudtop.js`) against a hostile
 * local server. A credential echoed in an error body never reaches the table or `-o json`, and
 * Cloudflare answering with an HTML page is an error, not "ok, 0 resources".
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmpDirs } from '../../helpers/tmp-dirs';

const makeTmpDir = useTmpDirs('cloudtop-faults-');

const NEON_KEY = 'napi_PLANTEDprocess0123456789abcdefghijkl';
const CF_TOKEN = 'cfPLANTEDprocess0123456789abcdefghijklmn';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/neon')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: '', message: `API key ${NEON_KEY} is not valid` }));
      return;
    }
    // "Cloudflare": a captive portal's login page with 200.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Hotel Wi-Fi</title><p>Please sign in</p>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

function cloudtop(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const home = makeTmpDir();
  const child = spawn(process.execPath, ['bin/cloudtop.js', ...args], {
    env: {
      PATH: process.env.PATH,
      CLOUDTOP_HOME: home,
      NO_COLOR: '1',
      CLOUDTOP_NEON_BASE_URL: `${base}/neon/api/v2`,
      CLOUDTOP_NEON_API_KEY: NEON_KEY,
      CLOUDTOP_CLOUDFLARE_BASE_URL: `${base}/client/v4`,
      CLOUDTOP_CLOUDFLARE_API_TOKEN: CF_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ok) => child.on('close', (code) => ok({ code, out, err })));
}

describe('cloudtop status against a hostile server (process)', () => {
  it('-o json: Neon error scrubbed, Cloudflare HTML is bad_response', async () => {
    const r = await cloudtop(['status', '-o', 'json', '-p', 'neon,cloudflare']);
    expect(`${r.out}${r.err}`).not.toContain(NEON_KEY);
    expect(`${r.out}${r.err}`).not.toContain(CF_TOKEN);
    const json = JSON.parse(r.out) as unknown;
    const text = JSON.stringify(json);
    expect(text).toContain('"bad_response"');
    expect(text).toContain('"auth"');
  }, 60_000);

  it('the table shows neither secret', async () => {
    const r = await cloudtop(['status', '-p', 'neon,cloudflare']);
    expect(`${r.out}${r.err}`).not.toContain(NEON_KEY);
    expect(`${r.out}${r.err}`).not.toContain(CF_TOKEN);
    expect(`${r.out}${r.err}`).toMatch(/not JSON|bad_response/);
  }, 60_000);
});
