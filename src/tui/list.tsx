import { Box, Text, type TextProps } from 'ink';
import type { Catalog } from '../catalog/index.js';
import { wrap } from './keys.js';
import type { Option } from './selection.js';

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

/** The focused option's explanation, what it runs, which ports it opens and what it brings along. */
export function Explanation({ option, catalog, width, context }: { option: Option; catalog: Catalog; width: number; context?: string }) {
  const { component } = option;
  const ports = (component?.ports ?? []).map((p) => `${p.service} ${p.port}/${p.protocol}`);
  const brings = (component?.implies ?? []).map((i) => catalog.get(i.id).label);
  // The left border and the padding take three columns.
  const inner = width - 3;
  return (
    <Box flexDirection="column" width={width} paddingLeft={2} borderStyle="classic" borderTop={false} borderBottom={false} borderRight={false} borderDimColor>
      {context && <Paragraph dimColor width={inner} text={context} />}
      <Text bold>{option.label}</Text>
      <Paragraph width={inner} text={option.explanation} />
      {ports.length > 0 && <Paragraph dimColor width={inner} text={`Ports: ${ports.join(', ')}`} />}
      {component?.services && <Paragraph dimColor width={inner} text={`Services: ${component.services.join(', ')}`} />}
      {brings.length > 0 && <Paragraph dimColor width={inner} text={`Brings along: ${brings.join(', ')}`} />}
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
