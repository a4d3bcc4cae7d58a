/**
 * Browser mode: alert events become Web Notifications. Permission is asked only from a user action
 * (browsers ignore or penalise a prompt on load). In the desktop app main shows native ones instead.
 */
import type { AlertEvent } from '../../shared/model';
import { formatPrice } from './format';

export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function alertText(e: AlertEvent): { title: string; body: string } {
  const first = e.offers[0]!;
  const more = e.offers.length > 1 ? ` (+${e.offers.length - 1} more)` : '';
  const what = `${first.count}× ${first.model} at ${formatPrice(first.perGpuHour)}/GPU-h on ${first.provider} (${first.region})`;
  const verb = e.kind === 'appeared' ? 'available' : e.kind === 'price-drop' ? 'price drop' : 'gone';
  return { title: `${e.watchName}: ${verb}`, body: `${what}${more}` };
}

/** Shows a notification for an unsuppressed alert; clicking it focuses the page on the offer. */
export function showAlertNotification(e: AlertEvent, onClick: (offerId: string) => void): Notification | undefined {
  if (e.suppressed || notificationPermission() !== 'granted') return undefined;
  const { title, body } = alertText(e);
  const n = new Notification(title, { body, tag: `cloudtop-${e.watchId}` });
  n.onclick = () => {
    window.focus();
    onClick(e.offers[0]!.offerId);
    n.close();
  };
  return n;
}
