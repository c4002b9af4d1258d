import { Box, Text } from 'ink';
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
  close(): void;
}

/** Lines of a file, read-only and scrollable: a rendered file as it will be written, or the diff an update makes. */
export function Viewer({ step = 2, path, about, lines, numbered, colourOf, close }: Props) {
  // The position is the first line shown; the last page stays full.
  const scroll = useScroll((page) => lines.length - page + 1, 'the file');
  const top = scroll.position;
  const gutter = String(lines.length).length;
  const bindings = [...scroll.bindings, { keys: ['esc'], label: 'back', help: 'Back to the preview.', run: close }];
  return (
    <Frame step={step} bindings={bindings}>
      {(rows) => {
        scroll.page.current = Math.max(1, rows - 1);
        return (
          <Box flexDirection="column">
            <Text bold wrap="truncate-end">
              {` ${path}`}
              <Text dimColor>{`  ${about}, lines ${Math.min(lines.length, top + 1)}-${Math.min(lines.length, top + rows - 1)} of ${lines.length}`}</Text>
            </Text>
            {lines.slice(top, top + rows - 1).map((line, index) => (
              <Text key={top + index} wrap="truncate-end" color={colourOf?.(line)}>
                {numbered && <Text dimColor>{`${String(top + index + 1).padStart(gutter)} `}</Text>}
                {line || ' '}
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
