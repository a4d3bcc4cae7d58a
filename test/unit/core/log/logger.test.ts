import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/core/log/logger';
import { SecretRedactor } from '../../../../src/core/log/redact';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const redactor = new SecretRedactor();
  const logger = createLogger({ destination: { write: (l: string) => void lines.push(l) }, redactor, level });
  return { lines, redactor, logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const PLANTED = ['cf-token-Zk93hQ0pLm2xWv', 'vast_6f0b1c9d2e8a7f3b4c5d', 'pass word/with+slash=&'];

function encodings(s: string): string[] {
  const b = Buffer.from(s);
  return [s, b.toString('base64'), b.toString('base64url'), b.toString('hex'), encodeURIComponent(s)];
}

describe('createLogger', () => {
  it('writes one JSON object per line with level label, time, msg and fields', () => {
    const { logger, lines, records } = capture();
    logger.info({ provider: 'vastai', count: 3 }, 'fetched offers');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const [rec] = records();
    expect(rec).toMatchObject({ level: 'info', msg: 'fetched offers', provider: 'vastai', count: 3 });
    expect(typeof rec!.time).toBe('string');
  });

  it('respects the level', () => {
    const { logger, lines } = capture('info');
    logger.debug({}, 'hidden');
    logger.warn({}, 'shown');
    expect(lines).toHaveLength(1);
  });

  it('children keep the level and bindings of their parents, also when pino is first needed by a child', () => {
    const { logger, records } = capture('info');
    expect(logger.level).toBe('info');
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(logger.isLevelEnabled('warn')).toBe(true);
    const child = logger.child({ face: 'cli' }).child({ provider: 'neon' });
    child.debug({}, 'hidden');
    child.warn({ n: 1 }, 'shown');
    logger.info({}, 'parent');
    expect(records()).toMatchObject([
      { level: 'warn', msg: 'shown', face: 'cli', provider: 'neon', n: 1 },
      { level: 'info', msg: 'parent' },
    ]);
    expect(records()[1]).not.toHaveProperty('face');
  });

  it('planted secrets appear in no line, in any form, whatever way they are logged', () => {
    const { logger, redactor, lines } = capture();
    redactor.registerAll(PLANTED);
    const child = logger.child({ provider: 'cloudflare', token: PLANTED[0] });
    for (const s of PLANTED) {
      const b64 = Buffer.from(s).toString('base64');
      logger.info({ value: s }, `message with ${s}`);
      logger.warn({ nested: { deep: [{ x: `prefix-${s}-suffix` }] } });
      logger.error({ err: new Error(`request failed: ${s}`) }, 'error');
      logger.info({ url: `https://console.vast.ai/api/v0/instances/?api_key=${encodeURIComponent(s)}` });
      logger.info({ header: `Basic ${b64}`, hex: Buffer.from(s).toString('hex') });
      logger.debug({ headers: new Headers({ authorization: `Bearer ${s}`, 'x-request-id': 'r1' }) });
      child.info({ body: JSON.stringify({ apiToken: s }) }, 'child');
    }
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    for (const s of PLANTED) for (const form of encodings(s)) expect(all).not.toContain(form);
    // The lines are still useful.
    expect(all).toContain('"provider":"cloudflare"');
    expect(all).toContain('"x-request-id":"r1"');
  });

  it('redacts secrets registered after the logger was created', () => {
    const { logger, redactor, lines } = capture();
    logger.info({}, 'before');
    redactor.register('late-registered-secret');
    logger.info({ v: 'late-registered-secret' });
    expect(lines.join('')).not.toContain('late-registered-secret');
  });
});
