import { Box, Text, type TextProps } from 'ink';
import type { Catalog } from '../catalog/index.js';
import { wrap } from './keys.js';
import type { Option } from './selection.js';

// Not ink-select-input 6: it reads Ink's input by itself (a burst `jj` moves nothing), selects on Enter
// and digits where the session chooses with space, and wraps around; these rows follow the session's keys.
export interface ChoiceRow {
  option: Option;
  chosen: boolean;
  cursor: boolean;
  /** A toggle shows a check box, a choice a radio button. */
  toggle?: boolean;
  /** Why the row is on although the answers left it off ("Kubernetes turns Docker on"). */
  note?: string;
}

/** One option: the cursor, a radio button or check box, the label, and why it is on when a rule did it. */
export function Choice({ option, chosen, cursor, toggle, note }: ChoiceRow) {
  return (
    <Text wrap="truncate-end" inverse={cursor}>
      {cursor ? '> ' : '  '}
      {toggle ? (chosen ? '[x] ' : '[ ] ') : chosen ? '(*) ' : '( ) '}
      {option.label}
      {note && <Text color="yellow">{` ${note}`}</Text>}
    </Text>
  );
}

/** The option's explanation as lines of `width` columns: what it is, what it runs, which ports it opens and what it brings along. */
export function explanationLines(option: Option, catalog: Catalog, width: number, context?: string): { line: string; style: TextProps }[] {
  const { component } = option;
  const ports = (component?.ports ?? []).map((p) => `${p.service} ${p.port}/${p.protocol}`);
  const brings = (component?.implies ?? []).map((i) => catalog.get(i.id).label);
  const paragraph = (text: string, style: TextProps) => wrap(text, width).map((line) => ({ line, style }));
  return [
    ...(context ? paragraph(context, { dimColor: true }) : []),
    { line: option.label, style: { bold: true } },
    ...paragraph(option.explanation, {}),
    ...(ports.length > 0 ? paragraph(`Ports: ${ports.join(', ')}`, { dimColor: true }) : []),
    ...(component?.services ? paragraph(`Services: ${component.services.join(', ')}`, { dimColor: true }) : []),
    ...(brings.length > 0 ? paragraph(`Brings along: ${brings.join(', ')}`, { dimColor: true }) : []),
  ];
}

/** The focused option's explanation beside the options, in at most `height` rows; what is cut is counted, with the key that reads it (explain.tsx). */
export function Explanation({ option, catalog, width, height, context }: { option: Option; catalog: Catalog; width: number; height?: number; context?: string }) {
  // The left border and the padding take three columns.
  const lines = explanationLines(option, catalog, width - 3, context);
  // Cut to the rows there are, the cut said on the last one: Ink would squeeze the rest over each other.
  const room = Math.max(1, height ?? lines.length);
  const shown = lines.length <= room ? lines : [...lines.slice(0, room - 1), { line: `(${lines.length - room + 1} more lines: e reads them)`, style: { dimColor: true } }];
  return (
    <Box flexDirection="column" width={width} paddingLeft={2} borderStyle="classic" borderTop={false} borderBottom={false} borderRight={false} borderDimColor>
      {shown.map(({ line, style }, index) => (
        <Text key={index} wrap="truncate-end" {...style}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}

/** A window onto lines, the cursor row marked (with > as well: a terminal may show no styles). */
export function Lines({ lines, first, cursor }: { lines: string[]; first: number; cursor?: number }) {
  return (
    <>
      {lines.map((line, index) => (
        <Text key={first + index} wrap="truncate-end" inverse={first + index === cursor}>
          {first + index === cursor ? '> ' : '  '}
          {line || ' '}
        </Text>
      ))}
    </>
  );
}

/** Text wrapped by word to a known width: Ink's own wrapping starts lines with the space it broke at. */
export function Paragraph({ text, width, ...style }: { text: string; width: number } & TextProps) {
  return <Text {...style}>{wrap(text, width).join('\n')}</Text>;
}
