import { useState } from 'react';
import { cells, characters } from './cells.js';
import type { Binding } from './keys.js';

// Not ink-text-input 6: it listens to Ink's input by itself (a burst such as `xy\r` is typed whole,
// Enter included), keeps its cursor private (no Home/End or readline keys) and Delete deletes backwards.
export interface TextField {
  value: string;
  cursor: number;
  /** Inserts typed text at the cursor. */
  type(input: string): void;
  /** Editing keys: cursor movement and deletion, quiet in the help bar. */
  bindings: Binding[];
}

/** A one-line editor over a value held by the caller, with the usual readline keys; it moves and deletes by characters, not UTF-16 units. */
export function useTextField(value: string, onChange: (value: string) => void): TextField {
  const [position, setPosition] = useState(value.length);
  const cursor = Math.min(position, value.length);
  const before = characters(value.slice(0, cursor));
  const after = characters(value.slice(cursor));
  const previous = cursor - (before.at(-1)?.length ?? 0);
  const next = cursor + (after[0]?.length ?? 0);
  const edit = (next: string, at: number) => {
    onChange(next);
    setPosition(at);
  };
  const move = (at: number) => () => setPosition(at);
  /** Deletes from `from` to the cursor, or from the cursor to `to`. */
  const cut = (from: number, to: number) => () => from < to && edit(value.slice(0, from) + value.slice(to), from);
  const wordStart = value.slice(0, cursor).replace(/[^\s/_.-]*[\s/_.-]*$/, '').length;
  const binding = (keys: string[], help: string, run: () => void): Binding => ({ keys, label: keys[0]!, help, run, quiet: true });
  return {
    value,
    cursor,
    type: (input) => {
      // One line: a pasted line break (or any control character) is no part of the value.
      const text = input.replace(/[\u0000-\u001F\u007F]/g, '');
      edit(value.slice(0, cursor) + text + value.slice(cursor), cursor + text.length);
    },
    bindings: [
      binding(['left', 'ctrl-b'], 'Move the text cursor left.', move(previous)),
      binding(['right', 'ctrl-f'], 'Move the text cursor right.', move(next)),
      binding(['home', 'ctrl-a'], 'Move the text cursor to the start.', move(0)),
      binding(['end', 'ctrl-e'], 'Move the text cursor to the end.', move(value.length)),
      binding(['backspace'], 'Delete the character before the cursor.', cut(previous, cursor)),
      binding(['delete', 'ctrl-d'], 'Delete the character under the cursor.', cut(cursor, next)),
      binding(['ctrl-w', 'meta-backspace'], 'Delete the word before the cursor.', cut(wordStart, cursor)),
      binding(['ctrl-u'], 'Delete everything before the cursor.', cut(0, cursor)),
      binding(['ctrl-k'], 'Delete everything from the cursor on.', cut(cursor, value.length)),
    ],
  };
}

/** What a field shows of its value: whole characters, the cursor's index among them (-1 unfocused), and whether text is cut off on either side. */
export interface FieldWindow {
  shown: string[];
  cursor: number;
  left: boolean;
  right: boolean;
}

/**
 * The part of a value a field of `width` cells shows: around the cursor when focused, else the
 * end (a path's last folders say most). Text cut off is marked, `<` on the left and `>` on the
 * right, as readline's horizontal scrolling does: never cut in silence.
 */
export function fieldWindow(value: string, cursor: number, width: number, focused: boolean): FieldWindow {
  const chars = characters(value);
  const widths = chars.map(cells);
  const at = focused ? characters(value.slice(0, cursor)).length : chars.length;
  // Back from the cursor (a cell of its own at the end; unfocused, the end) as far as the width
  // allows, then on past it with the cells left.
  let used = (focused && at === chars.length ? 1 : 0) + (widths[at] ?? 0);
  let start = at;
  while (start > 0 && used + widths[start - 1]! <= width) used += widths[--start]!;
  let end = Math.min(at + 1, chars.length);
  while (end < chars.length && used + widths[end]! <= width) used += widths[end++]!;
  const shownCursor = focused ? at - start : -1;
  return {
    shown: chars.slice(start, end),
    cursor: shownCursor,
    left: start > 0 && shownCursor !== 0,
    right: end < chars.length && shownCursor !== end - start - 1,
  };
}
