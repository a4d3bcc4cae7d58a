/**
 * Lambda Cloud calls, through ctx.http. Every call needs the API key ("If you make a request without
 * a supported Authorization header, the request will fail"); Bearer is the scheme Lambda recommends.
 */
import { CloudtopError, isCloudtopError } from '../../../shared/model';
import type { HttpClient } from '../../collector/http';
import { LAMBDA_KEYS_URL } from './descriptor';

export { LAMBDA_KEYS_URL };

export const INSTANCE_TYPES_PATH = '/api/v1/instance-types';
export const INSTANCES_PATH = '/api/v1/instances';

interface LambdaErrorBody {
  code?: string;
  message?: string;
  suggestion?: string;
}

function errorOf(body: unknown): LambdaErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = (body as { error?: unknown }).error;
  return e && typeof e === 'object' ? (e as LambdaErrorBody) : undefined;
}

/**
 * Text from Lambda's envelope `{error: {code, message, suggestion}}`. Keyed on `code` as Lambda
 * asks; message and suggestion are shown as given (they never echo the key).
 */
export function describeLambdaError(_status: number, body: unknown): string | undefined {
  const e = errorOf(body);
  if (!e) return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined;
  const parts = [e.message, e.suggestion].filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  const text = parts.join('. ').replace(/\.\./g, '.');
  const withCode = e.code ? `${text || 'error'} [${e.code}]` : text;
  return withCode ? withCode.slice(0, 300) : undefined;
}

export class LambdaApi {
  constructor(
    private readonly http: HttpClient,
    private readonly apiKey: string | undefined,
  ) {}

  private headers(): Record<string, string> {
    if (!this.apiKey) {
      throw new CloudtopError(
        'auth',
        `Lambda needs an API key: create one at ${LAMBDA_KEYS_URL} and run \`cloudtop auth set lambda\``,
        {
          provider: 'lambda',
          hint: `Create a key at ${LAMBDA_KEYS_URL}, then run \`cloudtop auth set lambda\`.`,
        },
      );
    }
    return { Authorization: `Bearer ${this.apiKey}` };
  }

  private async get(path: string, name: string, signal: AbortSignal): Promise<unknown> {
    let code: string | undefined;
    const headers = this.headers();
    try {
      return await this.http.json<unknown>({
        method: 'GET',
        path,
        headers,
        signal,
        name,
        describeError: (status, body) => {
          code = errorOf(body)?.code;
          return describeLambdaError(status, body);
        },
      });
    } catch (e) {
      if (!isCloudtopError(e)) throw e;
      if (e.code === 'auth' || code === 'global/invalid-api-key') {
        throw new CloudtopError(
          'auth',
          `Lambda rejected the API key: create one at ${LAMBDA_KEYS_URL} and run \`cloudtop auth set lambda\``,
          {
            provider: 'lambda',
            status: e.status,
            hint: 'The key may be expired or deleted; Lambda shows your keys on its API keys page.',
            cause: e,
          },
        );
      }
      if (code === 'global/account-inactive') {
        throw new CloudtopError(
          'forbidden',
          'Lambda says the account is inactive: verify your email address and add a payment method at https://cloud.lambda.ai',
          {
            provider: 'lambda',
            status: e.status,
            cause: e,
          },
        );
      }
      throw e;
    }
  }

  instanceTypes(signal: AbortSignal): Promise<unknown> {
    return this.get(INSTANCE_TYPES_PATH, 'offers.instance-types', signal);
  }

  instances(signal: AbortSignal): Promise<unknown> {
    return this.get(INSTANCES_PATH, 'instances.list', signal);
  }
}
