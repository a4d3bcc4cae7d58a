import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  DESKTOP_CSP,
  allowedExternalUrl,
  allowedHostsFrom,
  isAppUrl,
  navigationDecision,
  permissionAllowed,
  windowOpenDecision,
} from '../../../src/main/security';
import { requestAllowed } from '../../../src/main/hardening';
import { providerRegistry } from '../../../src/core/providers/registry';

const hosts = allowedHostsFrom(providerRegistry.flatMap((d) => [d.consoleUrl, d.docsUrl]));

describe('openExternal allowlist', () => {
  it('is built from the provider console and docs URLs (https hosts only)', () => {
    expect([...hosts].sort()).toEqual(
      expect.arrayContaining([
        'cloud.vast.ai',
        'www.runpod.io',
        'cloud.lambda.ai',
        'cloud.oracle.com',
        'dash.cloudflare.com',
        'console.neon.tech',
      ]),
    );
    expect(
      allowedHostsFrom([
        'http://cloud.vast.ai',
        'https://a:b@x.io',
        'https://x.io:8443',
        'javascript:alert(1)',
        undefined,
      ]).size,
    ).toBe(0);
  });

  it('accepts console links the providers produce', () => {
    for (const url of [
      'https://cloud.vast.ai/create/',
      'https://www.runpod.io/console/deploy',
      'https://dash.cloudflare.com/abc/workers/services/view/x/production',
      'https://console.neon.tech/app/projects/p-1',
      'https://cloud.oracle.com/compute/instances/ocid1.instance?region=us-ashburn-1',
    ]) {
      expect(allowedExternalUrl(url, hosts)).toBe(new URL(url).href);
    }
  });

  it('refuses look-alikes, other schemes, credentials, ports and non-strings', () => {
    for (const bad of [
      'https://dash.cloudflare.com.evil.tld/',
      'https://evil.tld/dash.cloudflare.com',
      'https://dash.cloudflare.com@evil.tld/',
      'https://user:pw@dash.cloudflare.com/',
      'https://dash.cloudflare.com:444/',
      'https://dash.cloudflare.com./',
      'https://sub.dash.cloudflare.com/',
      'http://dash.cloudflare.com/',
      'javascript:alert(1)//https://dash.cloudflare.com',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'app://cloudtop/index.html',
      'https://xn--dsh-cloudflare-com.evil/',
      'https://dash%2ecloudflare%2ecom.evil.tld/',
      'https://dash.cloudflare.com%40evil.tld/',
      '//dash.cloudflare.com/',
      ' https://dash.cloudflare.com.evil/',
      `https://dash.cloudflare.com/${'a'.repeat(3000)}`,
      '',
      42,
      null,
      { toString: () => 'https://dash.cloudflare.com/' },
    ]) {
      expect(allowedExternalUrl(bad, hosts), String(bad)).toBeNull();
    }
  });

  it('fuzz: nothing outside the allowlist ever passes (10,000 cases, fixed seed)', () => {
    const tricky = fc.oneof(
      fc.string(),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', 'file://', 'javascript:', 'HTTPS://', 'https:\\\\', ''),
          fc.constantFrom(...hosts, 'evil.tld'),
          fc.string(),
          fc.constantFrom('', '.evil.tld', '@evil.tld', ':1', '%2f', '\u0000'),
        )
        .map(([s, h, mid, tail]) => `${s}${h}${tail}/${mid}`),
    );
    fc.assert(
      fc.property(tricky, (raw) => {
        const out = allowedExternalUrl(raw, hosts);
        if (out === null) return;
        const u = new URL(out);
        expect(u.protocol).toBe('https:');
        expect(hosts.has(u.hostname)).toBe(true);
        expect(u.username + u.password + u.port).toBe('');
      }),
      { numRuns: 10_000, seed: 424242 },
    );
  });
});

describe('navigation and window.open', () => {
  it('navigation is always denied; an allow-listed link goes to the browser instead', () => {
    expect(navigationDecision('https://evil.tld/', hosts)).toEqual({ allow: false });
    expect(navigationDecision('app://cloudtop/other.html', hosts)).toEqual({ allow: false });
    expect(navigationDecision('https://dash.cloudflare.com/x', hosts)).toEqual({
      allow: false,
      openExternally: 'https://dash.cloudflare.com/x',
    });
    expect(navigationDecision('not a url', hosts)).toEqual({ allow: false });
  });

  it('window.open never creates a window', () => {
    expect(windowOpenDecision('https://cloud.vast.ai/create/', hosts)).toEqual({
      action: 'deny',
      openExternally: 'https://cloud.vast.ai/create/',
    });
    expect(windowOpenDecision('about:blank', hosts)).toEqual({ action: 'deny' });
    expect(windowOpenDecision('https://cloud.vast.ai.evil/', hosts)).toEqual({ action: 'deny' });
  });
});

describe('our own origin', () => {
  it('app://cloudtop only (or exactly the dev server in development)', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://cloudtop')).toBe(true);
    for (const bad of [
      'app://evil/index.html',
      'app://cloudtop.evil/',
      'app://x@cloudtop/',
      'app://cloudtop:1/',
      'file:///index.html',
      'about:blank',
      'http://localhost:5173/',
      '',
      'app:cloudtop',
      '%%%',
    ])
      expect(isAppUrl(bad), bad).toBe(false);
    const dev = { devOrigin: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('permissions', () => {
  it('only notifications, only for our page', () => {
    expect(permissionAllowed('notifications', 'app://cloudtop/index.html')).toBe(true);
    expect(permissionAllowed('notifications', 'app://cloudtop')).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'display-capture',
      'midiSysex',
      'unknown',
    ])
      expect(permissionAllowed(p, 'app://cloudtop/index.html'), p).toBe(false);
    expect(permissionAllowed('notifications', 'https://evil.tld')).toBe(false);
    expect(permissionAllowed('notifications', undefined)).toBe(false);
  });
});

describe('network requests of the page', () => {
  it('app:// passes; http(s), ws, file are cancelled (dev server only in development)', () => {
    expect(requestAllowed('app://cloudtop/assets/x.js', {})).toBe(true);
    expect(requestAllowed('devtools://devtools/bundled/x.html', {})).toBe(true);
    for (const u of [
      'https://cloud.vast.ai/api',
      'http://127.0.0.1:1234/',
      'ws://127.0.0.1:1/',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(requestAllowed(u, {}), u).toBe(false);
    const dev = { devOrigin: 'http://localhost:5173' };
    expect(requestAllowed('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(requestAllowed('ws://localhost:5173/', dev)).toBe(true);
    expect(requestAllowed('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('CSP', () => {
  it('no inline or eval script, nothing remote, connect nowhere', () => {
    const d = Object.fromEntries(
      DESKTOP_CSP.split(';')
        .map((x) => x.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'none'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(d['script-src']).not.toContain("'unsafe-inline'");
  });
});
