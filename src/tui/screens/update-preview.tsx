import { Box, Text } from 'ink';
import { useState } from 'react';
import { changedFiles } from '../../update/apply.js';
import type { FileUpdate, UpdatePlan } from '../../update/update-plan.js';
import { shownPath } from '../../paths.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { useScroll, windowAround } from '../scroll.js';
import { utf8 } from '../terminal-caps.js';
import { STATUS_COLOURS, diffColour, fileView, previewFiles } from '../update/files.js';
import { CannotPreview } from './preview.js';
import { Viewer } from './viewer.js';

interface Props {
  /** The update planned from the answers on the screens, or why it could not be planned. */
  plan: UpdatePlan | { problem: string };
  /** The answers that change, one line each (describeChanges). */
  changes: string[];
  back(): void;
  write(): void;
  /** Takes the other choice for a file Leo cannot tell about (a project from before the record), or back. */
  toggle(path: string): void;
  /** The step header: the session's third step, or a title of its own (`leo update`). */
  step?: number | string;
  /** What esc is said to do: back to the components in the session, leaving without writing in `leo update`. */
  leave?: { label: string; help: string };
}

/**
 * Screen 3 for an opened project: before anything is written, each file with what the update does
 * to it (added, updated, merged, conflict, removed, kept), and the diff of any of them.
 */
export function UpdatePreviewScreen({ plan, changes, back, write, toggle, step = 2, leave = { label: 'back', help: 'Back to the components.' } }: Props) {
  const files = 'problem' in plan ? [] : previewFiles(plan);
  const scroll = useScroll(() => files.length, 'the files');
  const [open, setOpen] = useState<FileUpdate>();

  if ('problem' in plan) return <CannotPreview text={`cannot update: ${plan.problem}`} back={back} />;
  if (open) {
    const about = `${open.status}${open.note ? ` (${open.note})` : ''}`;
    return <Viewer step={step} path={open.path} about={about} lines={fileView(open)} numbered={false} colourOf={diffColour} close={() => setOpen(undefined)} />;
  }

  const shown = shownPath(plan.dir);
  const changed = changedFiles(plan).length;
  const writes = changed > 0;
  const file = files[scroll.position];
  const bindings: Binding[] = [
    ...scroll.bindings,
    ...(file ? [{ keys: ['enter'], label: 'diff', help: 'Show what the update does to the file under the cursor.', run: () => setOpen(file) }] : []),
    ...(file?.alternative
      ? [{ keys: ['c'], label: 'choose', help: `Leo cannot tell what happened to this file; take the other choice: ${file.alternative.note}.`, run: () => toggle(file.path) }]
      : []),
    // An update that changes nothing has nothing to write.
    ...(writes ? [{ keys: ['w'], label: 'write', help: `Apply the update to ${shown}: all of it or, on any failure, none of it.`, run: write }] : []),
    { keys: ['esc'], ...leave, run: back },
  ];

  return (
    <Frame step={step} bindings={bindings}>
      {(rows, columns) => {
        const notes = [
          // The arrow of "none → prometheus" is not in every terminal's glyphs.
          ...changes.map((text) => ({ text: utf8() ? text : text.replaceAll('→', '->'), color: undefined })),
          ...plan.warnings.map((text) => ({ text: `warning: ${text}`, color: 'yellow' })),
        ].flatMap(({ text, color }) => wrap(text, columns - 2).map((line) => ({ line, color })));
        // The notes take at most half the rows; what does not fit is counted, never dropped in silence.
        const noteRows = Math.min(notes.length, Math.max(1, Math.floor(rows / 2) - 1));
        const hidden = notes.length - noteRows;
        const shownNotes = hidden > 0 ? [...notes.slice(0, noteRows - 1), { line: `(${hidden + 1} more lines: a taller terminal shows them)`, color: 'yellow' }] : notes;
        const heading = writes
          ? `Update of ${shown}: ${changed} of ${plan.files.length} files change`
          : `Nothing to write: ${shown} is up to date with these answers`;
        // Wrapped, not cut: a long folder is shown whole.
        const headingLines = wrap(heading, columns - 2);
        const listRows = Math.max(1, rows - headingLines.length - shownNotes.length - 1);
        const width = Math.max(0, ...files.map((f) => f.path.length));
        const list = windowAround(files, scroll.position, listRows);
        scroll.page.current = listRows;
        return (
          <Box flexDirection="column" paddingLeft={1}>
            {shownNotes.map(({ line, color }, index) => (
              <Text key={index} color={color} wrap="truncate-end">
                {line}
              </Text>
            ))}
            <Text bold color="cyan">
              {headingLines.join('\n')}
            </Text>
            <Box height={listRows} flexDirection="column" flexShrink={0} overflowY="hidden">
              {list.visible.map((f, index) => {
                const cursor = list.first + index === scroll.position;
                return (
                  <Text key={f.path} wrap="truncate-end" inverse={cursor}>
                    {cursor ? '> ' : '  '}
                    <Text color={STATUS_COLOURS[f.status]}>{f.status.padEnd(9)}</Text>
                    {` ${f.path.padEnd(width)}  ${f.component}${f.note ? ` (${f.note})` : ''}`}
                  </Text>
                );
              })}
            </Box>
          </Box>
        );
      }}
    </Frame>
  );
}

/** The set with `path` added, or taken out when it was in. */
export function toggled(paths: ReadonlySet<string>, path: string): ReadonlySet<string> {
  const next = new Set(paths);
  if (!next.delete(path)) next.add(path);
  return next;
}
