import { Box, Text } from 'ink';
import type { RenderedFile } from '../../pipeline/index.js';
import { Frame } from '../frame.js';
import { useScroll } from '../scroll.js';

/** A rendered file, read-only and scrollable, exactly as it will be written. */
export function Viewer({ file, close }: { file: RenderedFile; close(): void }) {
  const lines = file.content.toString('utf8').replaceAll('\t', '    ').replace(/\n$/, '').split('\n');
  // The position is the first line shown; the last page stays full.
  const scroll = useScroll((page) => lines.length - page + 1, 'the file');
  const top = scroll.position;
  const gutter = String(lines.length).length;
  const bindings = [...scroll.bindings, { keys: ['esc'], label: 'back', help: 'Back to the preview.', run: close }];
  return (
    <Frame step={2} bindings={bindings}>
      {(rows) => {
        scroll.page.current = Math.max(1, rows - 1);
        return (
          <Box flexDirection="column">
            <Text bold wrap="truncate-end">
              {` ${file.path}`}
              <Text dimColor>{`  from ${file.component}, lines ${top + 1}-${Math.min(lines.length, top + rows - 1)} of ${lines.length}`}</Text>
            </Text>
            {lines.slice(top, top + rows - 1).map((line, index) => (
              <Text key={top + index} wrap="truncate-end">
                <Text dimColor>{String(top + index + 1).padStart(gutter)} </Text>
                {line}
              </Text>
            ))}
          </Box>
        );
      }}
    </Frame>
  );
}
