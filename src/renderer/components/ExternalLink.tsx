import { Anchor, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAppState, useStore } from '../state/context';

/**
 * Provider console links. In the desktop app the click goes through main (`app.openExternal`, which
 * allow-lists https console URLs); in the browser it is an ordinary link opened in a new tab.
 */
export function ExternalLink({ href, children, ...props }: { href: string; children: ReactNode } & AnchorProps) {
  const store = useStore();
  const desktop = useAppState((s) => s.appInfo?.mode === 'desktop');
  if (!/^https:\/\//.test(href)) return <>{children}</>;
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={
        desktop
          ? (e) => {
              e.preventDefault();
              void store.openExternal(href);
            }
          : undefined
      }
      {...props}
    >
      {children}
    </Anchor>
  );
}
