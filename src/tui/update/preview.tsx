import { Box, type Key, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer } from 'react';
import { unifiedDiff } from '../../update/unified-diff.js';
import type { FileStatus, FileUpdate, UpdatePlan } from '../../update/update-plan.js';

export interface UpdatePreviewProps {
  plan: UpdatePlan;
  /** The answers that change, one line each (describeChanges). */
  changes: string[];
  /** A fixed terminal size instead of the real one (tests). */
  size?: { columns: number; rows: number };
}

/** Exit statuses of the preview: write the update (`w`), or leave without writing. */
export const CONFIRMED = 0;
export const LEFT = 1;

/** Each status in its colour, in this preview and the session's. */
export const STATUS_COLOURS: Record<FileStatus, string> = {
  added: 'green',
  updated: 'cyan',
  merged: 'blue',
  conflict: 'red',
  removed: 'magenta',
  kept: 'yellow',
  untouched: 'gray',
};

interface PreviewState {
  cursor: number;
  /** The viewer's lines while a file is open. */
  viewing: string[] | undefined;
  /** The viewer's first line shown. */
  top: number;
  /** Set once the user chose: the exit status. */
  done: number | undefined;
}

/** The files worth a row: all but those the update leaves alone without a word to say. */
export function previewFiles(plan: UpdatePlan): FileUpdate[] {
  return plan.files.filter((f) => f.status !== 'untouched' || f.note);
}

/** What the viewer shows for a file: the diff the update makes, or why it makes none. */
export function fileView(file: FileUpdate): string[] {
  if (file.after === undefined && file.status !== 'removed') {
    return [`${file.path}: ${file.status}${file.note ? ` (${file.note})` : ''}`, 'The update leaves this file as it is on disk.'];
  }
  return unifiedDiff(file.path, file.before?.toString('utf8'), file.after?.toString('utf8'));
}

/**
 * `leo update` on a terminal: before anything is written, each file with what the update does to
 * it; enter shows a file's diff; w ends the screen to write it; esc leaves without writing.
 */
export function UpdatePreview({ plan, changes, size }: UpdatePreviewProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const rows = size?.rows ?? (stdout.rows || 24);
  const columns = size?.columns ?? (stdout.columns || 80);
  const files = previewFiles(plan);
  const header = [`leo update: ${plan.dir}`, ...changes, ...plan.warnings.map((w) => `warning: ${w}`)];
  const listHeight = Math.max(3, rows - header.length - 3);
  const viewHeight = Math.max(3, rows - 3);
  // A reducer, not state read by the key handler: keys that arrive before the handler is renewed
  // after a frame must still see what the key before them did.
  const [{ cursor, viewing, top, done }, dispatch] = useReducer(
    (state: PreviewState, { input, key }: { input: string; key: Key }): PreviewState => {
      const page = state.viewing ? viewHeight : listHeight;
      const move = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : key.pageUp ? -page : key.pageDown || input === ' ' ? page : 0;
      if (state.viewing) {
        if (key.escape || input === 'q') return { ...state, viewing: undefined };
        return { ...state, top: Math.max(0, Math.min(state.top + move, state.viewing.length - viewHeight)) };
      }
      if (move) return { ...state, cursor: Math.max(0, Math.min(state.cursor + move, files.length - 1)) };
      if (key.return && files[state.cursor]) return { ...state, viewing: fileView(files[state.cursor]!), top: 0 };
      if (input === 'w') return { ...state, done: CONFIRMED };
      if (key.escape || input === 'q' || (key.ctrl && input === 'c')) return { ...state, done: LEFT };
      // A new object all the same: every key draws a frame, so its effect is always on screen.
      return { ...state };
    },
    { cursor: 0, viewing: undefined, top: 0, done: undefined },
  );
  useInput((input, key) => dispatch({ input, key }));
  useEffect(() => {
    if (done !== undefined) exit(done);
  }, [done, exit]);

  if (viewing) {
    const file = files[cursor]!;
    return (
      <Box flexDirection="column" width={columns}>
        <Text bold wrap="truncate-end">{`${file.path}  ${file.status}${file.note ? ` (${file.note})` : ''}`}</Text>
        {viewing.slice(top, top + viewHeight).map((line, index) => (
          <Text key={top + index} wrap="truncate-end" color={diffColour(line)}>
            {line || ' '}
          </Text>
        ))}
        <Text dimColor>{`lines ${Math.min(top + 1, viewing.length)}-${Math.min(top + viewHeight, viewing.length)} of ${viewing.length}  up/down scroll  esc back`}</Text>
      </Box>
    );
  }
  const first = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), files.length - listHeight));
  const width = Math.max(0, ...files.map((f) => f.path.length));
  const untouched = plan.files.length - files.length;
  return (
    <Box flexDirection="column" width={columns}>
      {header.map((line, index) => (
        <Text key={`h${index}`} wrap="truncate-end" bold={index === 0} color={line.startsWith('warning:') ? 'yellow' : undefined}>
          {line}
        </Text>
      ))}
      <Text> </Text>
      {files.slice(first, first + listHeight).map((file, index) => (
        <Text key={file.path} wrap="truncate-end" inverse={first + index === cursor}>
          <Text color={STATUS_COLOURS[file.status]}>{`${first + index === cursor ? '>' : ' '} ${file.status.padEnd(9)}`}</Text>
          {`  ${file.path.padEnd(width)}  ${file.component}${file.note ? ` (${file.note})` : ''}`}
        </Text>
      ))}
      <Text dimColor>{`${untouched} more files unchanged  ·  up/down move  enter diff  w write  esc leave without writing`}</Text>
    </Box>
  );
}

/** A diff line's colour: added green, removed red, hunk headers cyan. */
export function diffColour(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return undefined;
  if (line.startsWith('+')) return 'green';
  if (line.startsWith('-')) return 'red';
  if (line.startsWith('@@')) return 'cyan';
  return undefined;
}
