/** Reading secrets from a terminal (hidden input) or from stdin — never from argv. */
import type { CliIO } from './io';

/** Reads all of stdin (for `echo $KEY | cloudtop auth set vastai`). */
export async function readAll(io: CliIO, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of io.stdin) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    size += b.length;
    if (size > maxBytes) throw new Error(`stdin is larger than ${maxBytes} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Prompts on stderr and reads one line from a TTY without echoing it. */
export function promptHidden(io: CliIO, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = io.stdin;
    io.stderr.write(label);
    let value = '';
    const wasRaw = (stdin as { isRaw?: boolean }).isRaw === true;
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Prompts for a visible line (non-secret fields such as region). */
export function promptLine(io: CliIO, label: string): Promise<string> {
  return new Promise((resolve) => {
    io.stderr.write(label);
    let value = '';
    const onData = (chunk: Buffer | string): void => {
      value += chunk.toString();
      const nl = value.indexOf('\n');
      if (nl >= 0) {
        io.stdin.removeListener('data', onData);
        io.stdin.pause();
        resolve(value.slice(0, nl).replace(/\r$/, ''));
      }
    };
    io.stdin.resume();
    io.stdin.on('data', onData);
  });
}

/** Asks a yes/no question on a TTY; non-TTY answers no (never import credentials silently). */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!io.stdin.isTTY) return false;
  const answer = await promptLine(io, `${question} [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}
