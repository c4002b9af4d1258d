import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import type { RenderedFile } from '../../pipeline/index.js';
import { Frame } from '../frame.js';
import { useScroll } from '../scroll.js';

interface Props {
  /** The step header of the screen it opens from. */
  step?: number | string;
  /** The file's path, in bold above its lines. */
  path: string;
  /** What the lines are ("from generic", "merged"), before the line range. */
  about: string;
  lines: string[];
  /** Line numbers in a gutter: a file's lines have them, a diff's carry their own marks. */
  numbered: boolean;
  /** A colour for a line (a diff's added and removed lines). */
  colourOf?: (line: string) => string | undefined;
  /** What the lines are and where esc goes back to, for the help page. */
  what?: string;
  backTo?: string;
  close(): void;
}

/** How far left and right move the view of lines wider than the screen. */
const SIDEWAYS = 8;

/** Lines of a file, read-only and scrollable, sideways too: a rendered file as it will be written, or the diff an update makes. */
export function Viewer({ step = 2, path, about, lines, numbered, colourOf, what = 'the file', backTo = 'the preview', close }: Props) {
  // The position is the first line shown; the last page stays full.
  const scroll = useScroll((page) => lines.length - page + 1, what);
  // The first column shown, and how many columns a line gets: known while drawing.
  const [column, setColumn] = useState(0);
  const width = useRef(1);
  const widest = Math.max(0, ...lines.map((line) => line.length));
  const sideways = (by: number) => () => setColumn((at) => Math.max(0, Math.min(at + by, widest - width.current)));
  const top = scroll.position;
  const gutter = String(lines.length).length;
  const bindings = [
    ...scroll.bindings,
    { keys: ['right', 'l'], shown: 'left/right', label: 'sideways', help: 'Scroll sideways, to read lines wider than the screen (also h and l).', run: sideways(SIDEWAYS) },
    { keys: ['left', 'h'], label: 'left', help: 'Scroll left.', run: sideways(-SIDEWAYS), alias: true },
    { keys: ['esc'], label: 'back', help: `Back to ${backTo}.`, run: close },
  ];
  return (
    <Frame step={step} bindings={bindings}>
      {(rows, columns) => {
        scroll.page.current = Math.max(1, rows - 1);
        width.current = columns - (numbered ? gutter + 1 : 0);
        const from = Math.min(column, Math.max(0, widest - width.current));
        return (
          <Box flexDirection="column">
            <Text bold wrap="truncate-end">
              {` ${path}`}
              <Text dimColor>{`  ${about}, lines ${Math.min(lines.length, top + 1)}-${Math.min(lines.length, top + rows - 1)} of ${lines.length}${from > 0 ? `, from column ${from + 1}` : ''}`}</Text>
            </Text>
            {lines.slice(top, top + rows - 1).map((line, index) => (
              <Text key={top + index} wrap="truncate-end" color={colourOf?.(line)}>
                {numbered && <Text dimColor>{`${String(top + index + 1).padStart(gutter)} `}</Text>}
                {line.slice(from) || ' '}
              </Text>
            ))}
          </Box>
        );
      }}
    </Frame>
  );
}

/** A rendered file's lines as the viewer shows them: tabs as spaces, no empty line after the last newline. */
export function fileLines(file: RenderedFile): string[] {
  return file.content.toString('utf8').replaceAll('\t', '    ').replace(/\n$/, '').split('\n');
}
