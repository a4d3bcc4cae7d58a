/**
 * Two small checks every provider with several calls per refresh needs, once for all of them.
 */
import { CloudtopError } from '../../../shared/model/errors';

/**
 * A call the credentials may not make (403) or that the account does not have (404): the providers
 * that read several optional APIs degrade on it (leave that part out, say why) instead of failing.
 */
export const isPermissionGap = (e: unknown): e is CloudtopError =>
  e instanceof CloudtopError && (e.code === 'forbidden' || e.code === 'not_found');

/** Stops a loop of calls between two requests once the refresh is cancelled (an `AbortError`, as fetch throws). */
export function abortIfNeeded(signal: AbortSignal): void {
  if (signal.aborted) {
    const e = new Error('The operation was aborted');
    e.name = 'AbortError';
    throw e;
  }
}
