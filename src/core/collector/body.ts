/**
 * Reads a response body with a size cap, streamed: reading stops (and the stream is cancelled) as
 * soon as the cap is passed, so a hostile or broken endpoint sending 50 MB cannot take the process
 * to a gigabyte. A Content-Length above the cap is refused before reading anything.
 */

/** Default per-response cap when a provider declares none. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`response body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** "8 MB", "512 KB": the cap as a reader would say it. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The body as bytes, or BodyTooLargeError once more than `maxBytes` arrived. */
export async function readCappedBytes(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (!res.body) return new Uint8Array(0);
  // A declared length within the cap: fetch itself fails a body longer than it says, so one read is safe.
  if (Number.isFinite(declared) && res.headers.has('content-length')) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const decoder = new TextDecoder();

export async function readCappedText(res: Response, maxBytes: number): Promise<string> {
  return decoder.decode(await readCappedBytes(res, maxBytes));
}
