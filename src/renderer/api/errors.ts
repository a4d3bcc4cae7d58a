import { CloudtopApiError } from '../../shared/ipc/contract';
import type { ErrorInfo } from '../../shared/model';

export function apiError(code: ErrorInfo['code'], message: string, retryable = false): CloudtopApiError {
  return new CloudtopApiError({ code, message, retryable });
}

/** What the UI shows for anything an API call threw. */
export function errorInfoOf(e: unknown): ErrorInfo {
  if (e instanceof CloudtopApiError) return e.info;
  return { code: 'upstream', message: e instanceof Error ? e.message : 'Something went wrong', retryable: true };
}
