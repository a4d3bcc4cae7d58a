import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigFileError, MAX_CONFIG_BYTES, loadConfig } from '../../../../src/core/config/load';
import { resolveBaseUrl } from '../../../../src/core/config/base-url';
import { MAX_JSON_DEPTH, parseJsonText } from '../../../../src/core/config/json-text';
import type { AnyProviderDescriptor } from '../../../../src/core/providers/types';

const dirs: string[] = [];
function write(content: string, name = 'cloudtop.json', mode = 0o600): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-config-'));
  dirs.push(d);
  const f = path.join(d, name);
  fs.writeFileSync(f, content, { mode });
  fs.chmodSync(f, mode);
  return f;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const vastai = {
  id: 'vastai',
  displayName: 'Vast.ai',
  credentialFields: [{ name: 'apiKey', label: 'API key', secret: true, optional: false }],
  credentialSchema: z.object({ apiKey: z.string() }),
} as unknown as AnyProviderDescriptor;
const descriptors = [vastai];

function errorOf(fn: () => unknown): ConfigFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigFileError) return e;
    throw e;
  }
  throw new Error('expected a ConfigFileError');
}

describe('loadConfig', () => {
  it('loads a valid file given with --config, expanding ${ENV}', () => {
    const f = write(
      JSON.stringify({ providers: { vastai: { pollSeconds: 30, accounts: { default: { apiKey: '${VAST}' } } } } }),
    );
    const r = loadConfig(f, { VAST: 'vast-secret' }, { descriptors });
    expect(r.source).toBe('flag');
    expect(r.path).toBe(f);
    expect(r.config.providers?.vastai?.accounts?.default?.apiKey).toBe('vast-secret');
    expect(r.warnings).toEqual([]);
  });

  it('falls back to the default path, then to an empty config', () => {
    const f = write('{"providers":{"vastai":{"enabled":false}}}');
    expect(loadConfig(undefined, {}, { defaultPath: f, descriptors })).toMatchObject({ source: 'default', path: f });
    expect(loadConfig(undefined, {}, { defaultPath: path.join(path.dirname(f), 'missing.json') })).toEqual({
      config: {},
      path: null,
      source: 'none',
      warnings: [],
    });
    expect(loadConfig(undefined, {}, {}).source).toBe('none');
  });

  it('a missing --config file is a config error', () => {
    expect(() => loadConfig('/nonexistent/cloudtop.json', {})).toThrow(/Config file not found/);
  });

  it('lists every problem with its JSON path and the file name', () => {
    const f = write(
      JSON.stringify({
        providers: {
          vastai: {
            pollSeconds: 3,
            baseUrl: 'ftp://x',
            accounts: { default: { apiKey: '${MISSING_KEY}', apikey: 'x' } },
            enabeld: true,
          },
          vastia: {},
        },
        notifications: { maxPer10Min: 'five' },
        watches: [{ name: 'w', filter: { gpu: ['H100'], maxPricePerGpuHour: -1 }, notfy: {} }],
        extra: 1,
      }),
    );
    const err = errorOf(() => loadConfig(f, {}, { descriptors }));
    expect(err.code).toBe('config');
    expect(err.file).toBe(f);
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i.message]));
    expect(byPath['providers.vastai.accounts.default.apiKey']).toMatch(/MISSING_KEY is not set/);
    expect(byPath['providers.vastai.accounts.default.apikey']).toMatch(
      /unknown credential field "apikey".*did you mean "apiKey"/,
    );
    expect(byPath['providers.vastai.pollSeconds']).toMatch(/>=\s*10|too small/i);
    expect(byPath['providers.vastai.baseUrl']).toMatch(/http/);
    expect(byPath['providers.vastai.enabeld']).toMatch(/unknown key "enabeld".*did you mean "enabled"/);
    expect(byPath['providers.vastia']).toMatch(/unknown provider "vastia".*did you mean "vastai"/);
    expect(byPath['notifications.maxPer10Min']).toMatch(/number/);
    expect(byPath['watches[0].filter.maxPricePerGpuHour']).toBeDefined();
    expect(byPath['extra']).toMatch(/unknown key/);
    expect(err.message).toContain('cloudtop.json has');
    expect(err.message).toContain(`(${f})`);
    expect(err.message).toContain('  providers.vastai.accounts.default.apiKey: ');
  });

  it('flags unknown keys inside an otherwise valid watch', () => {
    const f = write(JSON.stringify({ watches: [{ name: 'ok', filter: {}, notify: { onApear: true } }] }));
    const err = errorOf(() => loadConfig(f, {}, { descriptors }));
    expect(err.issues).toEqual([
      { path: 'watches[0].notify.onApear', message: 'unknown key "onApear" (did you mean "onAppear"?)' },
    ]);
  });

  it('never puts values from the file into the error', () => {
    const f = write(
      JSON.stringify({
        providers: { vastai: { accounts: { default: { apiKey: 'literal-secret-abc', nope: 'other-secret-xyz' } } } },
        bad: 'b-secret',
      }),
    );
    const err = errorOf(() => loadConfig(f, {}, { descriptors }));
    for (const v of ['literal-secret-abc', 'other-secret-xyz', 'b-secret']) expect(err.message).not.toContain(v);
  });

  it('reports JSON syntax errors with line and column', () => {
    const f = write('{\n  "providers": {\n    "vastai": { "enabled": true, }\n  }\n}\n');
    const err = errorOf(() => loadConfig(f, {}));
    expect(err.issues[0]!.path).toBe('line 3, column 34');
    expect(err.issues[0]!.message).toMatch(/trailing comma/);
  });

  it('warns when a literal secret sits in a file others can read', () => {
    if (process.platform === 'win32') return;
    const body = JSON.stringify({ providers: { vastai: { accounts: { default: { apiKey: 'literal-key-123' } } } } });
    const open = loadConfig(write(body, 'cloudtop.json', 0o644), {}, { descriptors });
    expect(open.warnings[0]).toMatch(/readable by other users.*providers\.vastai\.accounts\.default\.apiKey/);
    expect(open.warnings[0]).not.toContain('literal-key-123');
    expect(loadConfig(write(body, 'cloudtop.json', 0o600), {}, { descriptors }).warnings).toEqual([]);
    const viaEnv = JSON.stringify({ providers: { vastai: { accounts: { default: { apiKey: '${K}' } } } } });
    expect(loadConfig(write(viaEnv, 'cloudtop.json', 0o644), { K: 'v' }, { descriptors }).warnings).toEqual([]);
  });
});

describe('parseJsonText', () => {
  it.each([
    ['{"a": 1 "b": 2}', 1, 9, /missing comma/],
    ['{"a": [1, 2,]}', 1, 13, /trailing comma/],
    ['// c\n{}', 1, 1, /comments are not allowed/],
    ['{"a": "x', 1, 9, /unterminated string/],
    ['', 1, 1, /end of file/],
  ])('%j → line %i col %i', (text, line, column, reason) => {
    const r = parseJsonText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.line, r.column]).toEqual([line, column]);
      expect(r.message).toMatch(reason);
    }
  });

  it('accepts a BOM', () => {
    expect(parseJsonText('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('resolveBaseUrl', () => {
  it('env beats config beats settings beats default; trailing slash dropped', () => {
    const config = { providers: { vastai: { baseUrl: 'http://config.test/' } } };
    const settings = { providers: { vastai: { baseUrl: 'http://settings.test' } } } as never;
    const def = 'https://console.vast.ai';
    expect(
      resolveBaseUrl('vastai', def, { env: { CLOUDTOP_VASTAI_BASE_URL: 'http://127.0.0.1:4010/' }, config, settings }),
    ).toEqual({
      url: 'http://127.0.0.1:4010',
      source: 'env',
    });
    expect(resolveBaseUrl('vastai', def, { env: {}, config, settings }).url).toBe('http://config.test');
    expect(resolveBaseUrl('vastai', def, { env: {}, settings }).url).toBe('http://settings.test');
    expect(resolveBaseUrl('vastai', def, { env: {} })).toEqual({ url: def, source: 'default' });
  });

  it('a malformed env URL is a config error naming the variable', () => {
    expect(() =>
      resolveBaseUrl('runpod', 'https://api.runpod.io', { env: { CLOUDTOP_RUNPOD_BASE_URL: 'localhost:99' } }),
    ).toThrow(/CLOUDTOP_RUNPOD_BASE_URL is not an http\(s\) URL/);
  });
});

describe('loadConfig: files that are not config files', () => {
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('refuses a FIFO without opening it (an open would block until a writer appears)', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-config-'));
    dirs.push(d);
    const fifo = path.join(d, 'cloudtop.json');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(() => loadConfig(fifo, {}, { descriptors }))).toBe(`Config path is not a regular file: ${fifo}`);
  });

  it('refuses a device (/dev/zero never ends)', () => {
    expect(messageOf(() => loadConfig('/dev/zero', {}, { descriptors }))).toContain('not a regular file');
  });

  it('refuses a file over the size cap', () => {
    const f = write(`{"$comment":"${'x'.repeat(MAX_CONFIG_BYTES)}"}`);
    expect(messageOf(() => loadConfig(f, {}, { descriptors }))).toContain('Config file is too large');
  });

  it('reports nesting deeper than the limit with its line and column instead of overflowing the stack', () => {
    const f = write(`{\n  "providers": ${'['.repeat(50_000)}${']'.repeat(50_000)}\n}`);
    const e = errorOf(() => loadConfig(f, {}, { descriptors }));
    expect(e.issues).toEqual([
      { path: 'line 2, column 79', message: `nested more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
  });

  it('brackets inside strings do not count as nesting', () => {
    expect(parseJsonText(`{"a":"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`).ok).toBe(true);
    expect(parseJsonText(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
    expect(parseJsonText(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`).ok).toBe(false);
  });
});
