/** A pane: a title rule ("── 1 GPUs (42 models) ──"), a column header and rows that fit its height. */
import { memo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useLook } from './context';
import { fit, oneLine } from '../text';

interface PaneProps {
  index: number;
  title: string;
  /** After the title: counts, sort. */
  info?: string;
  focused: boolean;
  width: number;
  height: number;
  children: ReactNode;
}

export const Pane = memo(function Pane({ index, title, info, focused, width, height, children }: PaneProps) {
  const look = useLook();
  const g = look.glyphs;
  const label = focused ? `[ ${index} ${title} ]` : `  ${index} ${title}  `;
  const head = `${g.rule}${g.rule}${label}${info ? ` ${info} ` : ''}`;
  const line = fit(head + g.rule.repeat(Math.max(0, width - head.length)), width, g);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate" bold={look.color && focused} {...(look.color ? { color: focused ? 'cyan' : 'gray' } : {})}>
        {line}
      </Text>
      {children}
    </Box>
  );
});

/** One list row: the cursor glyph and, with colour, inverse video when selected. */
export function Row({ selected, focused, children }: { selected: boolean; focused: boolean; children: ReactNode }) {
  const look = useLook();
  const mark = selected ? look.glyphs.cursor : ' ';
  return (
    <Text wrap="truncate" inverse={look.color && selected && focused}>
      {mark} {children}
    </Text>
  );
}

export function HeaderRow({ text }: { text: string }) {
  const look = useLook();
  return (
    <Text wrap="truncate" bold={look.color} dimColor={false}>
      {'  '}
      {text}
    </Text>
  );
}

/** A pane's placeholder line, cut to the pane's width with the charset's ellipsis (ink's own is '…'). */
export function Empty({ text, width }: { text: string; width: number }) {
  const look = useLook();
  return (
    <Text wrap="truncate" dimColor={look.color}>
      {fit(`  ${oneLine(text, look.glyphs)}`, width, look.glyphs).trimEnd()}
    </Text>
  );
}
