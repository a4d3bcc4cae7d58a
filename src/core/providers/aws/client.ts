/**
 * The AWS calls cloudtop makes, each signed with SigV4 (`@smithy/signature-v4`) and sent through
 * `ctx.http.fetch` inside `ctx.http.call` (limiter, retry, timeout, cache):
 *
 * - EC2 Query protocol: form-encoded `POST /` with `Action` + `Version=2016-11-15`, XML answer
 *   (parsed with the SDK's own `parseXML` from `@aws-sdk/xml-builder`), paged by `NextToken`;
 * - CloudWatch GetMetricData: AWS JSON 1.0, `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`;
 * - Price List GetProducts (us-east-1 endpoint) and Service Quotas GetServiceQuota: AWS JSON 1.1.
 *
 * The modular SDK clients would add ~49 MB installed (client-ec2 alone 28 MB) against a 15 MB budget,
 * so only the signer, the XML parser and the credential chain come from the SDK.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { z } from 'zod';
import { CloudtopError } from '../../../shared/model';
import type { ProviderContext } from '../types';
import { DEFAULT_MAX_PAGES, classifyHttpStatus, parseRetryAfter, validatePayload } from '../kit';
import { lazySdk } from '../lazy-sdk';
import { DISPLAY_NAME, PROVIDER, ec2Error, jsonError } from './parse';
import type { AwsCredentialSource, AwsKeys } from './credentials';

type SignerModule = typeof import('@smithy/signature-v4');
type XmlModule = typeof import('@aws-sdk/xml-builder');
const signerSdk = lazySdk<SignerModule>('@smithy/signature-v4');
const xmlSdk = lazySdk<XmlModule>('@aws-sdk/xml-builder');

export const EC2_API_VERSION = '2016-11-15';
/** The Price List API answers only in us-east-1 (and ap-south-1, eu-central-1). */
export const PRICING_REGION = 'us-east-1';
type Service = 'ec2' | 'monitoring' | 'pricing' | 'servicequotas';
const HOSTS: Record<Service, (region: string) => string> = {
  ec2: (r) => `ec2.${r}.amazonaws.com`,
  monitoring: (r) => `monitoring.${r}.amazonaws.com`,
  pricing: (r) => `api.pricing.${r}.amazonaws.com`,
  servicequotas: (r) => `servicequotas.${r}.amazonaws.com`,
};

/** SHA-256 / HMAC-SHA-256 in the shape `@smithy/signature-v4` asks for (node:crypto). */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

/** Codes that mean the credentials are wrong or expired, whatever status they came with. */
const AUTH_CODES = new Set([
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);
const FORBIDDEN_CODES = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);
/** EC2 answers `RequestLimitExceeded` with 503; the JSON services `ThrottlingException` with 400. */
const THROTTLE_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'EC2ThrottledException',
]);

/** `monitoring.GetMetricData` → `cloudwatch:GetMetricData` (IAM prefixes differ from endpoint names). */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };
export function iamAction(name: string): string {
  const dot = name.indexOf('.');
  const service = name.slice(0, dot);
  return `${IAM_PREFIX[service] ?? service}:${name.slice(dot + 1)}`;
}

export interface AwsError {
  code?: string;
  message?: string;
}

export class AwsApi {
  private readonly override: string | undefined;

  constructor(
    private readonly ctx: ProviderContext,
    private readonly creds: AwsCredentialSource,
  ) {
    this.override = ctx.baseUrl && !ctx.baseUrl.includes('{region}') ? ctx.baseUrl.replace(/\/+$/, '') : undefined;
  }

  private url(service: Service, region: string): URL {
    return new URL(this.override ? `${this.override}/` : `https://${HOSTS[service](region)}/`);
  }

  /** Signs and sends one request; returns the body text of a 2xx answer or throws a CloudtopError. */
  private async send(
    service: Service,
    region: string,
    name: string,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    parseError: (text: string) => AwsError | undefined,
  ): Promise<string> {
    const keys: AwsKeys = await this.creds.keys();
    const url = this.url(service, region);
    const { SignatureV4 } = signerSdk();
    const signer = new SignatureV4({
      service,
      region,
      credentials: keys,
      sha256: Sha256 as unknown as ConstructorParameters<SignerModule['SignatureV4']>[0]['sha256'],
      applyChecksum: true,
      uriEscapePath: true,
    });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers: { host: url.host, ...headers },
        body,
      },
      { signingDate: new Date(this.ctx.clock.now()) },
    );
    const sendHeaders = { ...(signed.headers as Record<string, string>) };
    delete sendHeaders.host;
    const res = await this.ctx.http.fetch(url.toString(), { method: 'POST', headers: sendHeaders, body, signal });
    const text = await res.text();
    if (res.ok) return text;
    let err: AwsError | undefined;
    try {
      err = parseError(text);
    } catch {
      err = undefined;
    }
    err ??= { code: res.headers.get('x-amzn-errortype')?.split(':')[0] ?? undefined };
    throw this.toError(res.status, err, name, parseRetryAfter(res.headers, this.ctx.clock.now()));
  }

  private toError(status: number, err: AwsError, name: string, retryAfterMs: number | undefined): CloudtopError {
    const code = err.code;
    const detail = [code, err.message].filter(Boolean).join(': ').slice(0, 300) || undefined;
    const opts = { displayName: DISPLAY_NAME, what: name, retryAfterMs };
    if (code && AUTH_CODES.has(code)) return classifyHttpStatus(401, PROVIDER, detail, opts);
    if (code && FORBIDDEN_CODES.has(code)) {
      const e = classifyHttpStatus(403, PROVIDER, detail, opts);
      return new CloudtopError('forbidden', e.message, {
        provider: PROVIDER,
        status,
        hint: `Allow ${iamAction(name)} in the IAM policy of these credentials (docs/aws.md lists the read-only actions cloudtop uses)`,
      });
    }
    if (code && THROTTLE_CODES.has(code)) return classifyHttpStatus(429, PROVIDER, detail, opts);
    return classifyHttpStatus(status, PROVIDER, detail, opts);
  }

  private badBody(name: string, kind: string): CloudtopError {
    return new CloudtopError('bad_response', `${DISPLAY_NAME}: ${name} answered with a body that is not ${kind}`, {
      provider: PROVIDER,
      hint: `${DISPLAY_NAME} may be having an outage, or the base URL points at something else (a proxy or login page)`,
    });
  }

  /** One EC2 Query call (`Action`, flattened params), validated with `schema`. */
  async ec2<T>(
    region: string,
    action: string,
    params: Record<string, string | number | boolean>,
    schema: z.ZodType<T>,
    signal: AbortSignal,
    cache?: { ttlMs: number },
  ): Promise<T> {
    const name = `ec2.${action}`;
    const form = new URLSearchParams({ Action: action, Version: EC2_API_VERSION });
    for (const [k, v] of Object.entries(params)) form.append(k, String(v));
    const body = form.toString();
    const run = async (s: AbortSignal): Promise<T> => {
      const text = await this.send(
        'ec2',
        region,
        name,
        body,
        { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        s,
        (t) => ec2Error(xmlSdk().parseXML(t)),
      );
      let parsed: unknown;
      try {
        parsed = xmlSdk().parseXML(text);
      } catch {
        throw this.badBody(name, 'XML');
      }
      return validatePayload(schema, parsed, {
        provider: PROVIDER,
        displayName: DISPLAY_NAME,
        what: `${action} (${region})`,
      });
    };
    return this.ctx.http.call(`${name}`, run, {
      idempotent: true,
      signal,
      ...(cache ? { cacheKey: `${region}|${body}`, cacheTtlMs: cache.ttlMs } : {}),
    });
  }

  /** Every page of an EC2 Describe call: `NextToken` until the answer has none. */
  async ec2Pages<T, R>(
    region: string,
    action: string,
    params: Record<string, string | number | boolean>,
    schema: z.ZodType<T>,
    rows: (page: T) => { items: R[]; next?: string },
    signal: AbortSignal,
    cache?: { ttlMs: number },
  ): Promise<R[]> {
    const out: R[] = [];
    let token: string | undefined;
    for (let page = 0; page < DEFAULT_MAX_PAGES; page++) {
      const body = await this.ec2(
        region,
        action,
        token ? { ...params, NextToken: token } : params,
        schema,
        signal,
        cache,
      );
      const r = rows(body);
      out.push(...r.items);
      if (!r.next) return out;
      if (r.next === token) throw this.badBody(`ec2.${action}`, 'a new page (the same NextToken came back)');
      token = r.next;
    }
    throw new CloudtopError(
      'bad_response',
      `${DISPLAY_NAME}: ec2.${action} kept paging past ${DEFAULT_MAX_PAGES} pages`,
      {
        provider: PROVIDER,
      },
    );
  }

  /** One AWS JSON 1.0 / 1.1 call (`X-Amz-Target`). */
  async json<T>(
    service: Exclude<Service, 'ec2'>,
    region: string,
    target: string,
    version: '1.0' | '1.1',
    input: unknown,
    schema: z.ZodType<T>,
    signal: AbortSignal,
    cache?: { ttlMs: number },
  ): Promise<T> {
    const op = target.slice(target.indexOf('.') + 1);
    const name = `${service}.${op}`;
    const body = JSON.stringify(input);
    const run = async (s: AbortSignal): Promise<T> => {
      const text = await this.send(
        service,
        region,
        name,
        body,
        { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
        s,
        (t) => jsonError(JSON.parse(t)),
      );
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw this.badBody(name, 'JSON');
      }
      return validatePayload(schema, parsed, {
        provider: PROVIDER,
        displayName: DISPLAY_NAME,
        what: `${op} (${region})`,
      });
    };
    return this.ctx.http.call(name, run, {
      idempotent: true,
      signal,
      ...(cache ? { cacheKey: `${region}|${target}|${body}`, cacheTtlMs: cache.ttlMs } : {}),
    });
  }
}

/** EC2 Query list parameters: `Name.1=a&Name.2=b`. */
export function listParams(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v, i) => [`${name}.${i + 1}`, v]));
}

/** EC2 Query filters: `Filter.1.Name=n&Filter.1.Value.1=v`. */
export function filterParams(filters: readonly { name: string; values: readonly string[] }[]): Record<string, string> {
  const out: Record<string, string> = {};
  filters.forEach((f, i) => {
    out[`Filter.${i + 1}.Name`] = f.name;
    f.values.forEach((v, j) => (out[`Filter.${i + 1}.Value.${j + 1}`] = v));
  });
  return out;
}
