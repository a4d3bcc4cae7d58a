import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, mimeType, resolveAppPath } from '../../../src/main/protocol';
import { DESKTOP_CSP } from '../../../src/main/security';

let tmp: string;
let root: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-proto-'));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>cloudtop</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'assets', 'link.js'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps app://cloudtop paths into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://cloudtop/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://cloudtop/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://cloudtop/assets/app.js?v=1#x')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppPath(root, 'app://cloudtop/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('refuses traversal in every spelling, other hosts, NUL, backslashes, directories', () => {
    for (const bad of [
      'app://cloudtop/..%2f..%2fsecret.txt',
      'app://cloudtop/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://cloudtop/%2e%2e%2fsecret.txt',
      'app://cloudtop/..%5csecret.txt',
      'app://cloudtop/assets%5c..%5c..%5csecret.txt',
      'app://cloudtop/index.html%00.js',
      'app://cloudtop/%E0%A4%A',
      'app://evil/index.html',
      'app://user@cloudtop/index.html',
      'app://cloudtop:99/index.html',
      'file:///etc/passwd',
      'https://cloudtop/index.html',
      'app://cloudtop/assets/',
      'not a url',
    ]) {
      expect(resolveAppPath(root, bad), bad).toBeNull();
    }
  });

  it('fuzz: whatever the path, the result is inside the folder or null', () => {
    const seg = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E',
        '%2f',
        '%5c',
        '\\',
        '%00',
        '/',
        '//',
        'assets',
        'index.html',
        '%252e%252e',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (parts) => {
        const out = resolveAppPath(root, `app://cloudtop/${parts.join('/')}`);
        if (out !== null) expect(out.startsWith(root + path.sep)).toBe(true);
      }),
      { numRuns: 5000, seed: 99 },
    );
  });
});

describe('app protocol handler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves files with their type and the CSP header', async () => {
    const r = await handler()(new Request('app://cloudtop/index.html'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toContain('<title>cloudtop</title>');
    const js = await handler()(new Request('app://cloudtop/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('404 for traversal, missing files, directories and symlinks leading out', async () => {
    for (const u of [
      'app://cloudtop/..%2fsecret.txt',
      'app://cloudtop/nope.js',
      'app://cloudtop/assets',
      'app://cloudtop/assets/link.js',
    ]) {
      const r = await handler()(new Request(u));
      expect(r.status, u).toBe(404);
      expect(await r.text()).not.toContain('TOP-SECRET');
    }
  });

  it('only GET and HEAD', async () => {
    expect((await handler()(new Request('app://cloudtop/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handler()(new Request('app://cloudtop/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });

  it('knows the types the renderer build emits', () => {
    expect(mimeType('a.css')).toMatch(/^text\/css/);
    expect(mimeType('a.woff2')).toBe('font/woff2');
    expect(mimeType('a.unknown')).toBe('application/octet-stream');
  });
});
