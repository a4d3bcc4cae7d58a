/**
 * Last line of defence for error text built from provider answers: any credential the request
 * carried (header values, secret-looking query parameters) is cut out before the text goes into a
 * message or a log line, in raw, URL-encoded and base64 form.
 */
import { CloudtopError, type ErrorInfo } from '../../shared/model';

const SECRET_QUERY = /key|token|secret|auth|sig|password|credential/i;
const MIN_SECRET_LEN = 6;

/** Secret candidates from request headers and the URL's query string. */
export function secretsOf(headers: Record<string, string> | undefined, url?: URL): string[] {
  const out = new Set<string>();
  const add = (v: string | null | undefined): void => {
    if (!v) return;
    const t = v.trim();
    if (t.length >= MIN_SECRET_LEN) out.add(t);
    // "Bearer abc", "Basic xyz", "token=..." carry the secret after the scheme.
    const parts = t.split(/[\s=]+/);
    for (const p of parts) if (p.length >= MIN_SECRET_LEN && p !== t) out.add(p);
  };
  for (const [k, v] of Object.entries(headers ?? {})) {
    const name = k.toLowerCase();
    if (name === 'accept' || name === 'content-type' || name === 'user-agent') continue;
    add(v);
  }
  if (url) for (const [k, v] of url.searchParams) if (SECRET_QUERY.test(k)) add(v);
  return [...out];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every secret (and its URL-encoded and base64 forms) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    const forms = new Set([s, encodeURIComponent(s), Buffer.from(s, 'utf8').toString('base64')]);
    for (const f of forms) if (out.includes(f)) out = out.replace(new RegExp(escape(f), 'g'), '***');
  }
  return out;
}

/** A provider's error explanation, made safe for a message: one line, bounded, secrets removed. */
export function cleanDetail(detail: string | undefined, secrets: readonly string[], max = 300): string | undefined {
  if (!detail) return undefined;
  const one = redact(detail, secrets).replace(/\s+/g, ' ').trim();
  if (!one) return undefined;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * The same error with every credential cut out of its message and hint. Applied centrally (the
 * collector's HttpClient and ProviderRuntime), so a provider path that quotes an error body — an
 * SDK's own error text, a GraphQL message — cannot put a credential into any face.
 */
export function scrubError(err: CloudtopError, secrets: readonly string[]): CloudtopError {
  if (secrets.length === 0) return err;
  const message = redact(err.message, secrets);
  const hint = err.hint === undefined ? undefined : redact(err.hint, secrets);
  if (message === err.message && hint === err.hint) return err;
  return new CloudtopError(err.code, message, {
    provider: err.provider,
    hint,
    status: err.status,
    retryable: err.retryable,
    retryAfterMs: err.retryAfterMs,
  });
}

/** scrubError for the serialisable form (what snapshots and the faces carry). */
export function scrubErrorInfo(info: ErrorInfo, secrets: readonly string[]): ErrorInfo {
  if (secrets.length === 0) return info;
  const out: ErrorInfo = { ...info, message: redact(info.message, secrets) };
  if (info.hint !== undefined) out.hint = redact(info.hint, secrets);
  return out;
}
