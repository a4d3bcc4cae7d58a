import { CloudtopError, type ProviderId } from '../../shared/model';
import type { Settings } from '../../shared/settings/schema';
import type { CloudtopConfig } from './schema';

interface BaseUrlSources {
  env: Record<string, string | undefined>;
  config?: CloudtopConfig;
  settings?: Pick<Settings, 'providers'>;
}

function baseUrlEnvName(provider: ProviderId): string {
  return `CLOUDTOP_${provider.toUpperCase()}_BASE_URL`;
}

/**
 * The base URL a provider client uses: `CLOUDTOP_<ID>_BASE_URL`, then cloudtop.json
 * (`providers.<id>.baseUrl`), then settings, then the descriptor's documented default. A trailing
 * slash is dropped so clients can append paths. A malformed environment value is a config error.
 */
export function resolveBaseUrl(
  provider: ProviderId,
  defaultBaseUrl: string,
  { env, config, settings }: BaseUrlSources,
): { url: string; source: 'env' | 'config' | 'settings' | 'default' } {
  const name = baseUrlEnvName(provider);
  const fromEnv = env[name]?.trim();
  if (fromEnv) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(fromEnv);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new CloudtopError('config', `${name} is not an http(s) URL`, {
        provider,
        hint: `Set ${name} to a URL such as ${defaultBaseUrl}, or unset it.`,
      });
    }
    return { url: trimSlash(fromEnv), source: 'env' };
  }
  const fromConfig = config?.providers?.[provider]?.baseUrl;
  if (fromConfig) return { url: trimSlash(fromConfig), source: 'config' };
  const fromSettings = settings?.providers?.[provider]?.baseUrl;
  if (fromSettings) return { url: trimSlash(fromSettings), source: 'settings' };
  return { url: trimSlash(defaultBaseUrl), source: 'default' };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
