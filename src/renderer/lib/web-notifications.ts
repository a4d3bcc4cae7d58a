/**
 * Browser mode: alert events become Web Notifications. Permission is asked only from a user action
 * (browsers ignore or penalise a prompt on load). In the desktop app main shows native ones instead.
 */
import type { AlertEvent } from '../../shared/model';
import { alertSummary, type ProviderNames } from '../../shared/format';

export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** The same words as the watch history and the CLI (src/shared/format/alert.ts). */
export function alertText(e: AlertEvent, names?: ProviderNames): { title: string; body: string } {
  return alertSummary(e, names);
}

/** Shows a notification for an unsuppressed alert; clicking it focuses the page on the offer. */
export function showAlertNotification(
  e: AlertEvent,
  onClick: (offerId: string) => void,
  names?: ProviderNames,
): Notification | undefined {
  if (e.suppressed || notificationPermission() !== 'granted') return undefined;
  const { title, body } = alertText(e, names);
  const n = new Notification(title, { body, tag: `cloudtop-${e.watchId}` });
  n.onclick = () => {
    window.focus();
    onClick(e.offers[0]!.offerId);
    n.close();
  };
  return n;
}
