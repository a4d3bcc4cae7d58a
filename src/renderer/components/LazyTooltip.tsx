import type { TooltipProps } from '@mantine/core';
import { Suspense, cloneElement, lazy, useState, type ReactElement, type ReactNode, type SyntheticEvent } from 'react';

// Fetched on the first hover: the Tooltip's code (floating-ui) is not part of the first paint. If
// it cannot be fetched, the element just has no tooltip (rather than its view failing to load).
const Tooltip = lazy(
  (): Promise<{ default: (props: TooltipProps) => ReactNode }> =>
    import('./tooltip-chunk').then(
      (m) => ({ default: m.Tooltip }),
      () => ({ default: ({ children }: TooltipProps) => children }),
    ),
);

type Handlers = { onMouseEnter?: (e: SyntheticEvent) => void; onFocus?: (e: SyntheticEvent) => void };

/**
 * Mantine's Tooltip, loaded and mounted when the pointer (or focus) first reaches the element,
 * and opened then. A Tooltip costs ~2 ms to mount (floating-ui hooks), which adds up in lists that
 * are on the window's first paint (the freshness chips), and its code would be fetched and
 * compiled with the first paint's. Only for elements that may remount on first hover (the child
 * moves under the Tooltip then): not for focusable controls.
 */
export function LazyTooltip({
  children,
  ...props
}: Omit<TooltipProps, 'children'> & { children: ReactElement<Handlers> }) {
  const [armed, setArmed] = useState(false);
  if (armed)
    return (
      <Suspense fallback={children}>
        <Tooltip {...props} defaultOpened>
          {children}
        </Tooltip>
      </Suspense>
    );
  const arm = (original?: (e: SyntheticEvent) => void) => (e: SyntheticEvent) => {
    original?.(e);
    setArmed(true);
  };
  return cloneElement(children, {
    onMouseEnter: arm(children.props.onMouseEnter),
    onFocus: arm(children.props.onFocus),
  });
}
