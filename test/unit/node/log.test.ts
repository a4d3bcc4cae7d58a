import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretRedactor } from '../../../src/core/log/redact';
import { RotatingFileSink } from '../../../src/core/log/file-sink';
import { createFileLogger, prettyLine } from '../../../src/node/log';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('RotatingFileSink', () => {
  it('rotates at the size limit and keeps only `keep` old files', () => {
    const file = path.join(tmp(), 'logs', 'cloudtop.log');
    const sink = new RotatingFileSink(file, 1000, 3);
    const line = `${'x'.repeat(99)}\n`; // 100 bytes
    for (let i = 0; i < 75; i++) sink.write(line);
    sink.close();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['cloudtop.log', 'cloudtop.log.1', 'cloudtop.log.2', 'cloudtop.log.3']);
    for (const n of names) expect(fs.statSync(path.join(path.dirname(file), n)).size).toBeLessThanOrEqual(1000);
    // 75 lines = 7 full files + 5 lines: the live file has the last 5.
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('creates the file with mode 0600 and continues an existing file', () => {
    const file = path.join(tmp(), 'a.log');
    const s1 = new RotatingFileSink(file);
    s1.write('one\n');
    s1.close();
    const s2 = new RotatingFileSink(file);
    s2.write('two\n');
    s2.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('one\ntwo\n');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('createFileLogger', () => {
  it('writes redacted JSON lines to the file, and pretty lines to stderr only with verbose', () => {
    const dir = tmp();
    const redactor = new SecretRedactor();
    redactor.register('file-planted-secret-123');
    const err: string[] = [];
    const quiet = createFileLogger({
      redactor,
      file: path.join(dir, 'q.log'),
      stderr: { write: (l: string) => err.push(l) },
    });
    quiet.logger.info({ k: 'file-planted-secret-123' }, 'quiet');
    quiet.logger.debug({}, 'not at info level');
    quiet.close();
    expect(err).toHaveLength(0);
    const qtext = fs.readFileSync(path.join(dir, 'q.log'), 'utf8');
    expect(qtext.trim().split('\n')).toHaveLength(1);
    expect(qtext).not.toContain('file-planted-secret-123');

    const loud = createFileLogger({
      redactor,
      file: path.join(dir, 'v.log'),
      verbose: true,
      stderr: { write: (l: string) => err.push(l) },
    });
    loud.logger.debug({ provider: 'vastai', secret: 'file-planted-secret-123' }, 'refresh started');
    loud.close();
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} DEBUG refresh started provider=vastai secret=\[REDACTED\]\n$/);
    expect(fs.readFileSync(path.join(dir, 'v.log'), 'utf8')).toContain('"msg":"refresh started"');
  });

  it('does not throw when the log file cannot be created', () => {
    const dir = tmp();
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const r = createFileLogger({ redactor: new SecretRedactor(), file: path.join(blocker, 'x.log') });
    expect(r.file).toBeNull();
    expect(r.problem).toMatch(/cannot write the log file/);
    expect(() => r.logger.info({}, 'still fine')).not.toThrow();
  });
});

describe('prettyLine', () => {
  it('passes through non-JSON', () => {
    expect(prettyLine('plain')).toBe('plain\n');
  });
});
