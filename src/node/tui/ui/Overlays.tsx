/** Full-screen overlays over the panes: details of the selection (Enter) and the key help (?). */
import { Box, Text } from 'ink';
import { useLook } from './context';
import { fit, oneLine } from '../text';
import type { DetailsDoc } from '../details';
import { KEY_HELP } from '../keys';

export function Details({
  doc,
  scroll,
  width,
  height,
}: {
  doc: DetailsDoc;
  scroll: number;
  width: number;
  height: number;
}) {
  const look = useLook();
  const g = look.glyphs;
  const label = Math.min(34, Math.max(...doc.lines.map((l) => l.label.length), 8));
  const body = Math.max(0, height - 3);
  const top = Math.max(0, Math.min(scroll, doc.lines.length - body));
  const title = `${g.rule}${g.rule}[ ${oneLine(doc.title, g)} ]`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate" bold={look.color} {...(look.color ? { color: 'cyan' } : {})}>
        {fit(title + g.rule.repeat(Math.max(0, width - title.length)), width, g)}
      </Text>
      <Text wrap="truncate" {...(look.color ? { color: 'blue' } : {})}>
        {'  '}console: {oneLine(doc.link ?? '(no console link)', g)}
      </Text>
      {doc.lines.slice(top, top + body).map((l, i) =>
        l.heading ? (
          <Text key={i} wrap="truncate" bold={look.color}>
            {'  '}
            {oneLine(l.label, g)}
          </Text>
        ) : (
          <Text key={i} wrap="truncate">
            {'  '}
            <Text dimColor={look.color}>{fit(l.label, label, g)}</Text> {oneLine(l.value, g)}
          </Text>
        ),
      )}
      {doc.lines.length > body ? (
        <Text wrap="truncate" dimColor={look.color}>
          {'  '}
          lines {top + 1}-{Math.min(top + body, doc.lines.length)} of {doc.lines.length} (j/k to scroll)
        </Text>
      ) : null}
    </Box>
  );
}

export function Help({ width, height }: { width: number; height: number }) {
  const look = useLook();
  const g = look.glyphs;
  const title = `${g.rule}${g.rule}[ cloudtop top: keys ]`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate" bold={look.color} {...(look.color ? { color: 'cyan' } : {})}>
        {fit(title + g.rule.repeat(Math.max(0, width - title.length)), width, g)}
      </Text>
      {KEY_HELP.map((k) => (
        <Text key={k.keys} wrap="truncate">
          {'  '}
          <Text bold={look.color}>{fit(k.keys, 16, g)}</Text> {oneLine(k.action, g)}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate" dimColor={look.color}>
        {'  '}The filter applies to every pane. Esc, Enter or ? closes this help.
      </Text>
    </Box>
  );
}
