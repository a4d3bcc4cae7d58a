/**
 * Server side of OCI request signing (draft-cavage HTTP signatures, as the OCI SDK sends them),
 * so a broken signer fails against the simulator exactly as it would against OCI.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { SimRequest } from '../common/http-sim';

export interface SigningAccount {
  tenancy: string;
  user: string;
  fingerprint: string;
  publicKey: KeyObject;
}

/** OCI's key fingerprint: MD5 of the DER SubjectPublicKeyInfo, colon-separated hex. */
export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
}

type VerifyResult = { ok: true } | { ok: false; reason: string };

const MAX_SKEW_MS = 5 * 60_000;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function parseSignatureHeader(h: string): Record<string, string> | undefined {
  if (!/^Signature\s/i.test(h)) return undefined;
  const out: Record<string, string> = {};
  for (const m of h.slice(10).matchAll(/([a-zA-Z]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/**
 * The request target as the client signed it. The OCI SDK does not percent-encode query values, and
 * fetch only encodes a few characters, so re-encoding the decoded pairs minimally reproduces it for
 * the values the simulator deals in (OCIDs, AD names, numbers, hex page tokens).
 */
function requestTarget(req: Pick<SimRequest, 'method' | 'path' | 'query'>): string {
  // WHATWG's special-query percent-encode set: controls, space, " # < > ' and non-ASCII.
  const enc = (s: string): string => s.replace(/[ "#<>']|[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  const q = [...req.query].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  return `${req.method.toLowerCase()} ${req.path}${q ? `?${q}` : ''}`;
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function verifyOciSignature(req: SimRequest, account: SigningAccount, now = Date.now()): VerifyResult {
  const auth = header(req, 'authorization');
  if (!auth) return { ok: false, reason: 'missing Authorization header' };
  const p = parseSignatureHeader(auth);
  if (!p) return { ok: false, reason: 'Authorization is not an HTTP signature' };
  if (p.version !== undefined && p.version !== '1') return { ok: false, reason: 'unsupported signature version' };
  if ((p.algorithm ?? '').toLowerCase() !== 'rsa-sha256')
    return { ok: false, reason: 'unsupported signature algorithm' };
  if (p.keyId !== `${account.tenancy}/${account.user}/${account.fingerprint}`)
    return { ok: false, reason: 'unknown keyId' };
  if (!p.signature || !p.headers) return { ok: false, reason: 'signature or headers missing' };

  // Header names are compared lowercase (the SDK lists Content-Type/Content-Length capitalised for POST).
  const signed = p.headers
    .split(/\s+/)
    .filter(Boolean)
    .map((h) => h.toLowerCase());
  const required = ['(request-target)', 'host'];
  if (!signed.includes('x-date') && !signed.includes('date')) return { ok: false, reason: 'date is not signed' };
  if (BODY_METHODS.has(req.method)) required.push('content-length', 'content-type', 'x-content-sha256');
  const unsigned = required.filter((h) => !signed.includes(h));
  if (unsigned.length) return { ok: false, reason: `headers not signed: ${unsigned.join(', ')}` };

  const lines: string[] = [];
  for (const h of signed) {
    if (h === '(request-target)') {
      lines.push(`(request-target): ${requestTarget(req)}`);
      continue;
    }
    const v = header(req, h);
    if (v === undefined) return { ok: false, reason: `signed header ${h} not sent` };
    lines.push(`${h}: ${v}`);
  }
  let valid = false;
  try {
    valid = crypto.verify(
      'sha256',
      Buffer.from(lines.join('\n')),
      account.publicKey,
      Buffer.from(p.signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'signature does not verify' };

  const date = Date.parse(header(req, 'x-date') ?? header(req, 'date') ?? '');
  if (Number.isNaN(date) || Math.abs(now - date) > MAX_SKEW_MS)
    return { ok: false, reason: 'date outside the allowed clock skew' };

  if (BODY_METHODS.has(req.method)) {
    const sha = crypto.createHash('sha256').update(req.text, 'utf8').digest('base64');
    if (header(req, 'x-content-sha256') !== sha) return { ok: false, reason: 'body does not match x-content-sha256' };
    if (Number(header(req, 'content-length')) !== Buffer.byteLength(req.text, 'utf8'))
      return { ok: false, reason: 'content-length mismatch' };
  }
  return { ok: true };
}
