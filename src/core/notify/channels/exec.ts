/**
 * exec:<command>: runs the command through the shell with the alert document (the webhook's JSON) on
 * stdin, a timeout, and its exit code in the delivery log. Its output is not logged (it may echo
 * anything). Non-zero exit or timeout is a failed delivery; it is not retried (a script with side
 * effects must not run twice). Only cloudtop.json and the CLI can define exec channels: the window
 * (IPC/WebSocket) cannot, so a browser can never run commands on the host.
 */
import { CloudtopError } from '../../../shared/model';
import type { AlertMessage, SendOutcome } from '../types';
import { webhookDocument } from './webhook';

export function runExec(
  command: string,
  m: AlertMessage,
  o: { label: string; timeoutMs: number; signal?: AbortSignal; env?: Record<string, string | undefined> },
): Promise<SendOutcome> {
  return new Promise((resolve, reject) => {
    // node:child_process is loaded when first used (process.getBuiltinModule), not by every CLI start (~5 ms).
    const child = process.getBuiltinModule('node:child_process').spawn(command, {
      shell: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, ...o.env, CLOUDTOP_ALERT_TYPE: m.type },
      windowsHide: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CloudtopError('config', `${o.label} could not start${e.code ? ` (${e.code})` : ''}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (timedOut) {
        reject(
          new CloudtopError('timeout', `${o.label} did not finish within ${Math.round(o.timeoutMs / 1000)} s`, {
            retryable: false,
          }),
        );
      } else if (o.signal?.aborted) reject(new CloudtopError('cancelled', `${o.label}: delivery cancelled`));
      else if (code === 0) resolve({ detail: 'exit code 0', attempts: 1 });
      else {
        reject(
          new CloudtopError('upstream', `${o.label} exited with ${code !== null ? `code ${code}` : `signal ${sig}`}`, {
            retryable: false,
          }),
        );
      }
    });
    // A command that does not read stdin closes the pipe: not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(webhookDocument(m)) + '\n');
  });
}
