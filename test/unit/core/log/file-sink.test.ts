/**
 * The log file the desktop app, the CLI and serve share (src/core/log/file-sink.ts): README "Where
 * things live" says `cloudtop.log`, JSON lines, rotated at 5 MB, 3 kept. Written past 5 MB with the
 * real defaults: no line is lost across rotations, nothing exceeds the cap, secrets stay redacted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_KEEP, LOG_MAX_BYTES, openLogSink } from '../../../../src/core/log/file-sink';
import { createLogger } from '../../../../src/core/log/logger';
import { SecretRedactor } from '../../../../src/core/log/redact';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the shared log file', () => {
  it('rotates at 5 MB keeping 3, loses no line and never writes a planted secret', () => {
    expect(LOG_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(LOG_KEEP).toBe(3);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-rotate-'));
    dirs.push(dir);
    const file = path.join(dir, 'logs', 'cloudtop.log');
    const sink = openLogSink(file);
    const redactor = new SecretRedactor();
    const secret = 'planted-rotation-secret-7f3a9c';
    redactor.register(secret);
    const log = createLogger({ destination: sink, redactor, level: 'info', base: { face: 'desktop' } });
    const pad = 'p'.repeat(900);
    const lines = 24_000; // about 23 MB: four rotations, the oldest files dropped
    for (let i = 0; i < lines; i++) log.info({ seq: i, token: secret, pad }, `line ${i} ${secret}`);
    sink.close();

    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['cloudtop.log', 'cloudtop.log.1', 'cloudtop.log.2', 'cloudtop.log.3']);
    const seqs: number[] = [];
    for (const name of ['cloudtop.log.3', 'cloudtop.log.2', 'cloudtop.log.1', 'cloudtop.log']) {
      const full = path.join(path.dirname(file), name);
      expect(fs.statSync(full).size).toBeLessThanOrEqual(LOG_MAX_BYTES);
      const text = fs.readFileSync(full, 'utf8');
      expect(text).not.toContain(secret);
      for (const l of text.split('\n').filter(Boolean)) seqs.push((JSON.parse(l) as { seq: number }).seq);
    }
    // The kept files hold one unbroken run of lines that ends with the last one written.
    expect(seqs.at(-1)).toBe(lines - 1);
    seqs.forEach((s, i) => expect(s).toBe(seqs[0]! + i));
    expect(fs.statSync(path.join(path.dirname(file), 'cloudtop.log.1')).size).toBeGreaterThan(LOG_MAX_BYTES - 2048);
  });

  it('a log that cannot be opened gives a sink that drops lines instead of throwing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-rotate-'));
    dirs.push(dir);
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const sink = openLogSink(path.join(blocker, 'cloudtop.log'));
    expect(() => sink.write('x\n')).not.toThrow();
    sink.close();
  });
});
