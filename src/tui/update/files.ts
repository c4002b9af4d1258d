// What the update previews show of each file: its status in colour, and the diff the update makes.
import { unifiedDiff } from '../../update/unified-diff.js';
import type { FileStatus, FileUpdate, UpdatePlan } from '../../update/update-plan.js';

/** Each status in its colour, in this preview and the session's. */
export const STATUS_COLOURS: Record<FileStatus, string> = {
  added: 'green',
  replaced: 'redBright',
  updated: 'cyan',
  merged: 'blue',
  conflict: 'red',
  removed: 'magenta',
  kept: 'yellow',
  untouched: 'gray',
};

/** The files worth a row: all but those the update leaves alone without a word to say. */
export function previewFiles(plan: UpdatePlan): FileUpdate[] {
  return plan.files.filter((f) => f.status !== 'untouched' || f.note);
}

/** What the viewer shows for a file: the diff the update makes, or why it makes none. */
export function fileView(file: FileUpdate): string[] {
  if (file.after === undefined && file.status !== 'removed') {
    const heading = [`${file.path}: ${file.status}${file.note ? ` (${file.note})` : ''}`, 'The update leaves this file as it is on disk.'];
    // A file Leo cannot tell about: what the other choice (c) would write.
    const other = file.alternative?.after;
    if (other === undefined) return heading;
    return [...heading, `c takes the other choice (${file.alternative!.note}), which does this:`, ...unifiedDiff(file.path, file.before?.toString('utf8'), other.toString('utf8'))];
  }
  return unifiedDiff(file.path, file.before?.toString('utf8'), file.after?.toString('utf8'));
}

/** A diff line's colour: added green, removed red, hunk headers cyan. */
export function diffColour(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return undefined;
  if (line.startsWith('+')) return 'green';
  if (line.startsWith('-')) return 'red';
  if (line.startsWith('@@')) return 'cyan';
  return undefined;
}
