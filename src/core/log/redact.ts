/**
 * Secret redaction for everything that leaves core as text: log lines, error messages, stack traces.
 *
 * Two layers (docs/reliability.md B5):
 * - value-based: every secret cloudtop loads is registered here; its raw, JSON-escaped, URL-encoded,
 *   hex and base64 forms are replaced wherever they appear, whatever the surrounding key is;
 * - key-based: values under sensitive keys (authorization, x-auth-key, cookie, apiKey, token, …) and
 *   `api_key=` style query parameters are replaced even when the secret was never registered (a token
 *   echoed back by a server, a header set by an SDK from its own environment variables).
 */

export const REDACTED = '[REDACTED]';

/** Shorter values are not registered: they would redact ordinary words and numbers everywhere. */
export const MIN_SECRET_LENGTH = 6;

/** A base64 fragment shorter than this would match ordinary identifiers. */
const MIN_BASE64_FRAGMENT = 8;
/** Lines of a multi-line secret (PEM bodies) at least this long are registered on their own. */
const MIN_SECRET_LINE = 16;
const MAX_DEPTH = 12;

/** Normalised (lower case, no `-`/`_`) keys whose values are always secret. */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'xauthkey',
  'xauthemail',
  'xauthuserservicekey',
  'cookie',
  'setcookie',
  'apikey',
  'apitoken',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'bearertoken',
  'sessiontoken',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'clientsecret',
  'secretkey',
  'privatekey',
  'privatekeypem',
]);
const SENSITIVE_SUFFIXES = ['apikey', 'secret', 'password', 'privatekey', 'accesstoken', 'authtoken', 'apitoken'];

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  const k = normaliseKey(key);
  return SENSITIVE_KEYS.has(k) || SENSITIVE_SUFFIXES.some((s) => k.endsWith(s));
}

const QUERY_KEYS =
  'api[_-]?key|apikey|api[_-]?token|access[_-]?token|auth[_-]?token|token|password|secret|client[_-]?secret|private[_-]?key';
const TEXT_PATTERNS: Array<[RegExp, string]> = [
  // `?api_key=…` in URLs and form bodies (Vast.ai identity, RunPod GraphQL examples).
  [new RegExp(`((?:^|[?&;\\s,({"'])(?:${QUERY_KEYS})=)[^&#\\s"'<>;]+`, 'gi'), `$1${REDACTED}`],
  // Header-like text, also inside serialised JSON: `authorization: Bearer …`, `"x-auth-key":"…"`.
  [
    /\b(authorization|proxy-authorization|x-auth-key|x-auth-email|x-auth-user-service-key|cookie|set-cookie)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^"'\r\n]+/gi,
    `$1$2${REDACTED}`,
  ],
  // JSON properties with secret names inside text (an error that quotes a request body).
  [
    new RegExp(`("(?:${QUERY_KEYS}|apiToken|privateKeyPem|passphrase)"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, 'gi'),
    `$1${REDACTED}$2`,
  ],
  // Credentials after an auth scheme anywhere in free text.
  [/\b(Bearer|Basic|Token)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Substrings guaranteed to appear in any base64 text that encodes the secret, at each of the three
 * byte alignments. Edge characters depend on neighbouring bytes and are left out (they reveal at most
 * two bytes of the secret).
 */
function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let start = 0; start < 3; start++) {
    const sub = bytes.subarray(start);
    const whole = sub.subarray(0, Math.floor(sub.length / 3) * 3);
    const b64 = whole.toString('base64');
    if (b64.length >= MIN_BASE64_FRAGMENT) out.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // The plain (aligned) encoding without padding, for short secrets whose fragments were skipped.
  const plain = bytes.toString('base64').replace(/=+$/, '');
  out.push(plain, plain.replace(/\+/g, '-').replace(/\//g, '_'));
  return out;
}

function variantsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const uri = encodeURIComponent(secret);
  const variants = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    uri.replace(/%20/g, '+'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Fragments(bytes),
  ];
  return variants.filter((v) => v.length >= MIN_SECRET_LENGTH);
}

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private variants = new Set<string>();
  private pattern: RegExp | null = null;

  /** Registers a secret value; shorter than MIN_SECRET_LENGTH or empty values are ignored. */
  register(secret: string | null | undefined): void {
    if (typeof secret !== 'string') return;
    const candidates = [secret, secret.trim()];
    // PEM keys: a single leaked body line is key material too.
    if (/[\r\n]/.test(secret)) {
      for (const line of secret.split(/\r?\n/)) {
        const t = line.trim();
        if (t.length >= MIN_SECRET_LINE && !t.startsWith('-----')) candidates.push(t);
      }
      candidates.push(secret.replace(/\r?\n/g, '\r\n'), secret.replace(/\r\n/g, '\n'));
    }
    let changed = false;
    for (const c of candidates) {
      if (c.length < MIN_SECRET_LENGTH || this.secrets.has(c)) continue;
      this.secrets.add(c);
      for (const v of variantsOf(c)) this.variants.add(v);
      changed = true;
    }
    if (changed) this.pattern = null;
  }

  registerAll(values: Iterable<string | null | undefined>): void {
    for (const v of values) this.register(v);
  }

  get size(): number {
    return this.secrets.size;
  }

  private regex(): RegExp | null {
    if (this.pattern === null && this.variants.size > 0) {
      const alts = [...this.variants].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alts.join('|'), 'g');
    }
    return this.pattern;
  }

  /** True when the text contains a registered secret in any of its encoded forms. */
  containsSecret(text: string): boolean {
    const re = this.regex();
    if (!re) return false;
    re.lastIndex = 0;
    const hit = re.test(text);
    re.lastIndex = 0;
    return hit;
  }

  /** Scrubs registered secrets and credential-looking patterns from free text. */
  redactText(text: string): string {
    let out = text;
    const re = this.regex();
    if (re) out = out.replace(re, REDACTED);
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * Deep copy of a value with sensitive keys and secret text redacted. Errors become plain
   * `{type, message, stack, code, cause}` objects, Maps/Headers plain objects; cycles are cut.
   */
  redact(value: unknown): unknown {
    return this.walk(value, 0, new WeakSet());
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
    }
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(value);
    try {
      if (value instanceof Error) return this.walkError(value, depth, seen);
      if (value instanceof Date) return value.toISOString();
      if (value instanceof URL) return this.redactText(value.toString());
      if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
      if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1, seen));
      if (value instanceof Map || isFetchHeaders(value)) {
        const obj: Record<string, unknown> = {};
        (value as Map<unknown, unknown>).forEach((v, k) => {
          obj[String(k)] = v;
        });
        return this.walkObject(obj, depth, seen);
      }
      return this.walkObject(value as Record<string, unknown>, depth, seen);
    } finally {
      seen.delete(value);
    }
  }

  private walkObject(obj: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const key = this.redactText(k);
      // Booleans and numbers under a secret-sounding key (`secret: true` in field metadata) carry nothing.
      const carriesValue = (typeof v === 'string' && v !== '') || (typeof v === 'object' && v !== null);
      if (carriesValue && isSensitiveKey(k)) out[key] = REDACTED;
      else out[key] = this.walk(v, depth + 1, seen);
    }
    return out;
  }

  private walkError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = { type: err.name, message: this.redactText(err.message) };
    if (err.stack) out.stack = this.redactText(err.stack);
    const extra = err as Error & Record<string, unknown>;
    for (const k of ['code', 'status', 'provider', 'hint', 'retryable']) {
      if (extra[k] !== undefined) out[k] = this.walk(extra[k], depth + 1, seen);
    }
    if (err.cause !== undefined) out.cause = this.walk(err.cause, depth + 1, seen);
    return out;
  }
}

/**
 * A fetch `Headers` (undici's, or any implementation tagged 'Headers' with the same forEach), told by
 * its toStringTag: reading the global `Headers` would load Node's whole undici (~15 ms) on every start,
 * for the first log line, even when nothing is fetched.
 */
function isFetchHeaders(value: object): value is Headers {
  return (
    Object.prototype.toString.call(value) === '[object Headers]' &&
    typeof (value as { forEach?: unknown }).forEach === 'function'
  );
}
