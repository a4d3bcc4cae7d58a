/**
 * Standard Webhooks signing (standard-webhooks/standard-webhooks:spec/standard-webhooks.md):
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>` where the
 * key is the base64 decoding of the secret after `whsec_`, and the timestamp is in whole seconds.
 * The id stays the same across retries; timestamp and signature are fresh per attempt.
 */

function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

export function standardWebhookSignature(secret: string, id: string, timestampSec: number, body: string): string {
  // node:crypto is loaded when first used (process.getBuiltinModule), not by every CLI start (~8 ms).
  const mac = process
    .getBuiltinModule('node:crypto')
    .createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestampSec}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export function standardWebhookHeaders(
  secret: string | undefined,
  id: string,
  nowMs: number,
  body: string,
): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  const h: Record<string, string> = { 'webhook-id': id, 'webhook-timestamp': String(ts) };
  if (secret) h['webhook-signature'] = standardWebhookSignature(secret, id, ts, body);
  return h;
}
