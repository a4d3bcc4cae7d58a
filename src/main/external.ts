/**
 * The one call site of `shell.openExternal` (checklist 15, docs/reliability.md A4): only https URLs whose
 * host is a provider console or docs host, as parsed by `allowedExternalUrl`.
 */
import { shell } from 'electron';
import { allowedExternalUrl } from './security';

export function createExternalOpener(
  hosts: () => ReadonlySet<string>,
  open: (url: string) => Promise<void> = (u) => shell.openExternal(u),
) {
  return async (raw: unknown): Promise<boolean> => {
    const url = allowedExternalUrl(raw, hosts());
    if (!url) return false;
    try {
      await open(url);
      return true;
    } catch {
      return false;
    }
  };
}
