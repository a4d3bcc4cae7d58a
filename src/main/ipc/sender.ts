/**
 * Who may call main over IPC (checklist item 17, docs/reliability.md A9): only our own window's
 * WebContents (by id, registered when the window is created and forgotten when it is destroyed), only
 * its main frame (`senderFrame.parent === null`: an iframe, even one of ours, is refused), and only
 * while that frame shows our page (app://cloudtop, parsed with URL; about:blank, a foreign origin or
 * a malformed URL are refused). Pure, so tests can throw any fake event at it.
 */
import { isAppUrl, type AppOrigins } from '../security';

/** The parts of IpcMainInvokeEvent the check reads. Everything may be missing on a hostile fake. */
export interface SenderLike {
  sender?: { id?: unknown } | null;
  senderFrame?: { url?: unknown; parent?: unknown } | null;
}

type SenderVerdict =
  | { ok: true }
  | { ok: false; reason: 'untrusted-webcontents' | 'no-frame' | 'subframe' | 'foreign-origin' };

export class TrustedSenders {
  private readonly ids = new Set<number>();
  constructor(readonly origins: AppOrigins = {}) {}

  add(id: number): void {
    this.ids.add(id);
  }
  delete(id: number): void {
    this.ids.delete(id);
  }
  has(id: unknown): boolean {
    return typeof id === 'number' && this.ids.has(id);
  }
  get size(): number {
    return this.ids.size;
  }

  check(event: SenderLike | null | undefined): SenderVerdict {
    if (!event || typeof event !== 'object') return { ok: false, reason: 'untrusted-webcontents' };
    if (!this.has(event.sender?.id)) return { ok: false, reason: 'untrusted-webcontents' };
    const frame = event.senderFrame;
    // A frame that navigated away or was destroyed while the message was in flight is null.
    if (!frame || typeof frame !== 'object') return { ok: false, reason: 'no-frame' };
    if (frame.parent !== null) return { ok: false, reason: 'subframe' };
    if (!isAppUrl(frame.url, this.origins)) return { ok: false, reason: 'foreign-origin' };
    return { ok: true };
  }
}
