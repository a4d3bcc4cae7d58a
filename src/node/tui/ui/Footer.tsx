/** The last line: the filter being typed, a message, or the keys. */
import { memo } from 'react';
import { Text } from 'ink';
import { useLook } from './context';
import { FOOTER_LABELS, KEY_HELP } from '../keys';
import type { TopState } from '../store';

interface FooterProps {
  editing: boolean;
  filter: string;
  message: TopState['message'];
  refreshing: boolean;
}

const KEYS = KEY_HELP.filter((k) => k.short).map((k) => ({ key: k.short!, label: FOOTER_LABELS[k.short!] ?? '' }));

export const Footer = memo(function Footer({ editing, filter, message, refreshing }: FooterProps) {
  const look = useLook();
  if (editing)
    return (
      <Text wrap="truncate">
        <Text bold={look.color} {...(look.color ? { color: 'cyan' } : {})}>
          filter /
        </Text>
        {filter}
        <Text inverse={look.color}>{look.color ? ' ' : '_'}</Text>
        <Text dimColor={look.color}> Enter keeps, Esc clears</Text>
      </Text>
    );
  if (message)
    return (
      <Text wrap="truncate" {...(look.color ? { color: message.tone === 'error' ? 'red' : 'yellow' } : {})}>
        {message.text}
      </Text>
    );
  return (
    <Text wrap="truncate">
      {KEYS.map((k) => (
        <Text key={k.key}>
          <Text bold={look.color} inverse={look.color}>
            {k.key}
          </Text>
          <Text>{` ${k.label} `}</Text>
        </Text>
      ))}
      {refreshing ? <Text dimColor={look.color}> refreshing</Text> : null}
      {filter ? <Text {...(look.color ? { color: 'cyan' } : {})}> /{filter}</Text> : null}
    </Text>
  );
});
