/**
 * Every CloudtopError the HTTP client produces, in one wording: what failed names the provider and
 * the path or call, never a header, a query string or a body. Pure: tested without a client.
 */
import { CloudtopError, isCloudtopError } from '../../shared/model';
import { BodyTooLargeError, formatBytes } from './body';
import { classifyHttpStatus, isNetworkError } from './retry';
import type { Deadline } from './signals';

interface HttpErrorContext {
  provider: string;
  /** Display name for messages ("Vast.ai"). */
  name: string;
  /** Largest body read, for the too-large message. */
  maxBytes: number;
  /** Aborts everything the client does. */
  lifetime?: AbortSignal;
}

function reasonName(signal: AbortSignal | undefined): string | undefined {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.name : typeof r === 'object' && r !== null ? (r as { name?: string }).name : undefined;
}

export function httpErrors({ provider, name, maxBytes, lifetime }: HttpErrorContext) {
  const aborted = (callerSignal: AbortSignal | undefined): boolean => !!(callerSignal?.aborted || lifetime?.aborted);

  function cancelledOrTimeout(what: string, callerSignal: AbortSignal | undefined): CloudtopError {
    const sig = callerSignal?.aborted ? callerSignal : lifetime?.aborted ? lifetime : callerSignal;
    if (reasonName(sig) === 'TimeoutError') {
      return new CloudtopError('timeout', `${name}: ${what} did not finish in the time allowed`, {
        provider,
        retryable: false,
        hint: `${name} may be slow or unreachable; cloudtop tries again on the next poll`,
      });
    }
    return new CloudtopError('cancelled', `${name}: ${what} was cancelled`, { provider });
  }

  function timeout(what: string, ms: number): CloudtopError {
    const secs = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
    return new CloudtopError('timeout', `${name}: no answer from ${what} within ${secs}`, {
      provider,
      hint: `${name} may be slow or down; cloudtop retries and tries again on the next poll`,
    });
  }

  function network(what: string, host: string, e: unknown): CloudtopError {
    const code =
      (e as { code?: unknown })?.code ?? ((e as { cause?: { code?: unknown } })?.cause?.code as unknown) ?? undefined;
    const tag = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
    return new CloudtopError('network', `${name}: could not reach ${host} for ${what}${tag}`, {
      provider,
      hint: `Check the network connection, any proxy, and the ${name} base URL`,
    });
  }

  function tooLarge(path: string): CloudtopError {
    return new CloudtopError(
      'bad_response',
      `${name}: ${path} answered with a body larger than ${formatBytes(maxBytes)}; cloudtop stopped reading it`,
      {
        provider,
        hint: `${name} never sends this much for one call; the base URL may point at something else (a proxy or another service)`,
      },
    );
  }

  function notJson(path: string, status: number): CloudtopError {
    return new CloudtopError(
      'bad_response',
      `${name}: ${path} answered with a body that is not JSON (HTTP ${status})`,
      {
        provider,
        status,
        hint: `${name} may be having an outage, or the base URL points at something else (a proxy or login page)`,
      },
    );
  }

  return {
    cancelledOrTimeout,
    timeout,
    network,
    tooLarge,
    notJson,

    invalidUrl: () =>
      new CloudtopError('config', `${name}: the base URL or path does not form a valid URL`, {
        provider,
        hint: `Check the ${name} base URL in settings or CLOUDTOP_${provider.toUpperCase()}_BASE_URL`,
      }),

    /** Pagination links come from the response: never send our credentials to another host. */
    otherHost: (path: string) =>
      new CloudtopError('bad_response', `${name}: ${path} links to another host; not followed`, { provider }),

    /** What a single fetch attempt threw (transport level). */
    transport(e: unknown, dl: Deadline, ms: number, what: string, host: string, callerSignal?: AbortSignal) {
      if (dl.timedOut()) return timeout(what, ms);
      if (aborted(callerSignal)) return cancelledOrTimeout(what, callerSignal);
      if (isCloudtopError(e)) return e;
      if (e instanceof BodyTooLargeError) return tooLarge(what);
      return network(what, host, e);
    },

    /** The final failure of a whole call, after retries. */
    final(e: unknown, what: string, callerSignal: AbortSignal | undefined): CloudtopError {
      if (isCloudtopError(e)) return e;
      if (aborted(callerSignal)) return cancelledOrTimeout(what, callerSignal);
      if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError'))
        return cancelledOrTimeout(what, callerSignal);
      return new CloudtopError('upstream', `${name}: ${what} failed unexpectedly`, { provider, retryable: false });
    },

    /**
     * What an SDK call threw: the provider's own mapper first, then network errors, HTTP statuses,
     * and otherwise only the error's class name (SDK error text can quote request details).
     */
    sdk(e: unknown, label: string, host: string, mapError?: (e: unknown) => unknown): CloudtopError {
      if (isCloudtopError(e)) return e;
      if (mapError) {
        let mapped: unknown;
        try {
          mapped = mapError(e);
        } catch {
          mapped = undefined;
        }
        if (isCloudtopError(mapped)) return mapped;
      }
      if (isNetworkError(e)) return network(label, host, e);
      const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
      if (typeof status === 'number' && status >= 400)
        return classifyHttpStatus(status, provider, undefined, { displayName: name, what: label });
      const kind = e instanceof Error ? e.name : typeof e;
      return new CloudtopError('upstream', `${name}: ${label} failed (${kind})`, { provider, retryable: false });
    },
  };
}

export type HttpErrors = ReturnType<typeof httpErrors>;
