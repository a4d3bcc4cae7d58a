import { useEffect, useRef } from 'react';

const TEXT_INPUTS = new Set([
  'text',
  'search',
  'number',
  'password',
  'email',
  'url',
  'tel',
  'time',
  'date',
  'datetime-local',
]);

/** True when a key press belongs to a text field (typing "r" in search must not refresh). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUTS.has(target.type);
  return target.getAttribute('role') === 'combobox';
}

/**
 * Single-key shortcuts (`/`, `r`, `1`–`5`) on the whole page. Unlike @mantine/hooks' useHotkeys they
 * also fire while a radio, checkbox or button has focus, only not while typing in a text field, and
 * never with Ctrl/Alt/Meta held (those belong to the browser).
 */
export function useShortcuts(map: Record<string, () => void>): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target)) return;
      const run = ref.current[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
