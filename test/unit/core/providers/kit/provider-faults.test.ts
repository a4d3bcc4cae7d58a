/**
 * Regression tests for the provider-level faults of issue #11 §3, fixed once in the provider kit and
 * the collector, and checked here through the real providers inside a ProviderRuntime (what every
 * face — table, -o json, WebSocket snapshot, credential test — reads its errors from).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../helpers/fake-clock';
import { ProviderRuntime } from '../../../../../src/core/collector/provider-runner';
import { cloudflareProvider } from '../../../../../src/core/providers/cloudflare';
import { lambdaProvider } from '../../../../../src/core/providers/lambda';
import { neonProvider } from '../../../../../src/core/providers/neon';
import { vastaiProvider } from '../../../../../src/core/providers/vastai';
import { runpodProvider } from '../../../../../src/core/providers/runpod';
import type { AnyProviderDescriptor } from '../../../../../src/core/providers/types';
import { CloudtopError } from '../../../../../src/shared/model';
import { scriptedFetch, settle, type Reply } from '../../collector/helpers';

const CF_TOKEN = 'cf-PLANTED-token-0123456789abcdefXYZ';
const NEON_KEY = 'napi_PLANTEDkey0123456789abcdefghijklmnop';
const VAST_KEY = 'vk-PLANTED-0123456789abcdef0123456789';
const LAMBDA_KEY = 'secret_PLANTED_lambda_0123456789abcdef';

/** A fetch answering every request with one reply (real time: these replies are never retried). */
function answer(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return (async () => new Response(body, { status, headers })) as unknown as typeof fetch;
}

function runtime(
  descriptor: AnyProviderDescriptor,
  credentials: Record<string, string>,
  fetch: typeof globalThis.fetch,
) {
  return new ProviderRuntime({ descriptor, account: 'default', credentials, fetch, retry: { retries: 0 } });
}

async function testError(rt: ProviderRuntime): Promise<CloudtopError> {
  try {
    await rt.testConnection();
  } catch (e) {
    expect(e).toBeInstanceOf(CloudtopError);
    return e as CloudtopError;
  }
  throw new Error('expected the credential test to fail');
}

describe('a provider error body that repeats the credential is scrubbed centrally', () => {
  const cases: Array<[string, AnyProviderDescriptor, Record<string, string>, string, string]> = [
    [
      'Cloudflare',
      cloudflareProvider,
      { apiToken: CF_TOKEN },
      CF_TOKEN,
      JSON.stringify({
        success: false,
        errors: [{ code: 9999, message: `token ${CF_TOKEN} is not allowed here` }],
        messages: [],
        result: null,
      }),
    ],
    ['Neon', neonProvider, { apiKey: NEON_KEY }, NEON_KEY, JSON.stringify({ message: `bad key ${NEON_KEY}` })],
  ];
  for (const [name, d, creds, secret, body] of cases) {
    it(`${name}: status error, snapshot JSON and credential test never show the secret`, async () => {
      const rt = runtime(d, creds, answer(400, body, { 'content-type': 'application/json' }));
      await rt.refresh();
      const status = rt.status();
      expect(status.error).toBeDefined();
      expect(JSON.stringify(status)).not.toContain(secret);
      expect(JSON.stringify(status)).toContain('***');
      const e = await testError(rt);
      expect(`${e.message} ${e.hint ?? ''}`).not.toContain(secret);
    });
  }
});

describe('Cloudflare answering 200 with something that is not its API envelope', () => {
  const html = '<!doctype html><html><body>Sign in to the hotel Wi-Fi</body></html>';
  it('an HTML page (captive portal) is bad_response, not ok with 0 resources', async () => {
    const rt = runtime(cloudflareProvider, { apiToken: CF_TOKEN }, answer(200, html, { 'content-type': 'text/html' }));
    await rt.refresh();
    expect(rt.status()).toMatchObject({ state: 'error', error: { code: 'bad_response' } });
    expect((await testError(rt)).code).toBe('bad_response');
  });
  it('JSON without the envelope is bad_response naming the field', async () => {
    const rt = runtime(
      cloudflareProvider,
      { apiToken: CF_TOKEN },
      answer(200, JSON.stringify({ hello: 'world' }), { 'content-type': 'application/json' }),
    );
    await rt.refresh();
    const err = rt.status().error;
    expect(err?.code).toBe('bad_response');
    expect(err?.message).toMatch(/unexpected response shape at "success"/);
  });
});

describe('response bodies are capped per provider', () => {
  const big = (bytes: number): string => `{"offers":[${'"x",'.repeat(Math.ceil(bytes / 4))}"x"]}`;
  for (const d of [vastaiProvider, lambdaProvider, runpodProvider, cloudflareProvider]) {
    it(`${d.displayName}: a body past the cap aborts with a clear bad_response`, async () => {
      const cap = d.response?.maxBytes;
      expect(cap, 'every provider declares its body cap').toBeGreaterThan(0);
      let pulled = 0;
      const fetchBig = (async () => {
        const chunk = new TextEncoder().encode(big(64 * 1024));
        let mine = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(c) {
            mine += chunk.length;
            pulled = Math.max(pulled, mine);
            // An endless body: only the cap stops it.
            c.enqueue(chunk);
          },
        });
        return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
      }) as unknown as typeof fetch;
      const creds: Record<string, string> = d.id === 'cloudflare' ? { apiToken: CF_TOKEN } : { apiKey: VAST_KEY };
      const rt = runtime(d, creds, fetchBig);
      await rt.refresh();
      const err = rt.status().error;
      expect(err?.code).toBe('bad_response');
      expect(err?.message).toMatch(/larger than .*MB/);
      // Streamed: each response was read only a little past the cap (the body never ends).
      expect(pulled).toBeLessThan(cap! * 2 + 256 * 1024);
    });
  }
});

describe('a 429 with Retry-After is reported as rate limited with the wait, not as a timeout', () => {
  for (const [d, creds] of [
    [vastaiProvider, { apiKey: VAST_KEY }],
    [lambdaProvider, { apiKey: LAMBDA_KEY }],
  ] as const) {
    for (const wait of [30, 45]) {
      it(`${d.displayName}: Retry-After ${wait}`, async () => {
        const clock = new FakeClock(Date.UTC(2026, 0, 1));
        const replies: Reply[] = [
          { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': String(wait) } },
        ];
        const rt = new ProviderRuntime({
          descriptor: d,
          account: 'default',
          credentials: creds,
          fetch: scriptedFetch(clock, replies),
          clock,
          random: () => 0.5,
        });
        await settle(clock, rt.refresh(), 500);
        const err = rt.status().error;
        expect(err?.code).toBe('rate_limited');
        expect(err?.message).toContain(`asked to wait ${wait} s`);
      });
    }
  }
});
