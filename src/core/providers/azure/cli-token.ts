/**
 * An ARM access token from the Azure CLI (`az login`): `az account get-access-token --resource
 * https://management.azure.com/ --tenant <tenant> --output json`, the documented way for other tools
 * to reuse the CLI's sign-in (the CLI refreshes its own token cache; cloudtop never reads it).
 * Run without a shell, with a deadline and the caller's abort signal; the token never appears in
 * an error. When `az` is missing or not signed in, the error says which and what to do.
 */
import { execFile } from 'node:child_process';
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { CloudtopError } from '../../../shared/model';
import { PROVIDER } from './parse';

const CliTokenSchema = lazySchema(() =>
  z.object({
    accessToken: z.string().min(1),
    /** Unix seconds (CLI ≥ 2.54); older CLIs only give `expiresOn` in local time. */
    expires_on: z.union([z.number(), z.string()]).optional(),
    expiresOn: z.string().optional(),
  }),
);

export interface CliToken {
  value: string;
  expiresAt: number;
}

const SP_HINT =
  'Sign in with `az login` (Azure CLI), or configure a service principal: set AZURE_CLIENT_ID and AZURE_CLIENT_SECRET too, or run `cloudtop auth set azure`';

/** Runs `az` and parses its token; `nowMs` dates a token whose expiry the CLI did not state. */
export function azureCliToken(tenantId: string, nowMs: number, signal: AbortSignal): Promise<CliToken> {
  const args = [
    'account',
    'get-access-token',
    '--resource',
    'https://management.azure.com/',
    '--tenant',
    tenantId,
    '--output',
    'json',
  ];
  // On Windows the CLI is az.cmd, which only cmd.exe runs; the arguments are fixed words and a
  // tenant id validated as a GUID or domain, so nothing user-typed reaches cmd.exe unquoted.
  const win = process.platform === 'win32';
  return new Promise((resolve, reject) => {
    execFile(
      win ? 'cmd.exe' : 'az',
      win ? ['/d', '/s', '/c', 'az', ...args] : args,
      { signal, timeout: 30_000, windowsHide: true, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(
              new CloudtopError(
                'config',
                'Azure: no service principal is configured and the Azure CLI (az) is not installed',
                {
                  provider: PROVIDER,
                  hint: SP_HINT,
                },
              ),
            );
            return;
          }
          if (error.name === 'AbortError') {
            reject(error);
            return;
          }
          // The CLI's own first line ("Please run 'az login' to setup account."), never the token.
          const said = String(stderr)
            .split(/\r?\n/)
            .find((l) => l.trim())
            ?.replace(/^ERROR:\s*/, '')
            .slice(0, 200);
          reject(
            new CloudtopError('auth', `Azure CLI could not give a token${said ? `: ${said}` : ''}`, {
              provider: PROVIDER,
              hint: SP_HINT,
            }),
          );
          return;
        }
        let parsed: z.infer<typeof CliTokenSchema>;
        try {
          parsed = CliTokenSchema.parse(JSON.parse(String(stdout)));
        } catch {
          reject(
            new CloudtopError(
              'bad_response',
              'Azure CLI printed something that is not a token (az account get-access-token)',
              {
                provider: PROVIDER,
                hint: 'Update the Azure CLI (az upgrade)',
              },
            ),
          );
          return;
        }
        const epoch = Number(parsed.expires_on);
        const fromLocal = parsed.expiresOn ? Date.parse(parsed.expiresOn.replace(' ', 'T')) : Number.NaN;
        const expiresAt =
          Number.isFinite(epoch) && epoch > 0
            ? epoch * 1000
            : Number.isFinite(fromLocal)
              ? fromLocal
              : nowMs + 5 * 60_000;
        resolve({ value: parsed.accessToken, expiresAt });
      },
    );
  });
}
