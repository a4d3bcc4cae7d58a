/**
 * The one place channels get their words from: the desktop notification's title and body
 * (src/shared/notify/text.ts), so a phone, a chat and the tray say the same thing. When the wording
 * moves to src/shared/format, only this file changes.
 */
import type { AlertEvent } from '../../shared/model';
import { buildNotification } from '../../shared/notify/text';

export interface Wording {
  title: string;
  body: string;
}

export function alertWording(event: AlertEvent, providerNames?: Readonly<Record<string, string>>): Wording {
  const n = buildNotification(event, { providerNames });
  return { title: n.title, body: n.body };
}

export function resolvedWording(watchName: string): Wording {
  return { title: `Resolved: nothing matches ${watchName} any more`, body: `Watch: ${watchName}` };
}

export function testWording(label: string): Wording {
  return {
    title: 'cloudtop test notification',
    body: `This ${label} channel works: alerts from cloudtop watches will arrive here.`,
  };
}
