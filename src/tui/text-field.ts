import { useState } from 'react';
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

/** A one-line editor over a value held by the caller, with the usual readline keys. */
export function useTextField(value: string, onChange: (value: string) => void): TextField {
  const [position, setPosition] = useState(value.length);
  const cursor = Math.min(position, value.length);
  const edit = (next: string, at: number) => {
    onChange(next);
    setPosition(at);
  };
  const move = (at: number) => () => setPosition(Math.max(0, Math.min(at, value.length)));
  /** Deletes from `from` to the cursor, or from the cursor to `to`. */
  const cut = (from: number, to: number) => () => from >= 0 && from < to && to <= value.length && edit(value.slice(0, from) + value.slice(to), from);
  const wordStart = value.slice(0, cursor).replace(/[^\s/_.-]*[\s/_.-]*$/, '').length;
  const binding = (keys: string[], help: string, run: () => void): Binding => ({ keys, label: keys[0]!, help, run, quiet: true });
  return {
    value,
    cursor,
    type: (input) => edit(value.slice(0, cursor) + input + value.slice(cursor), cursor + input.length),
    bindings: [
      binding(['left', 'ctrl-b'], 'Move the text cursor left.', move(cursor - 1)),
      binding(['right', 'ctrl-f'], 'Move the text cursor right.', move(cursor + 1)),
      binding(['home', 'ctrl-a'], 'Move the text cursor to the start (also ctrl-a).', move(0)),
      binding(['end', 'ctrl-e'], 'Move the text cursor to the end (also ctrl-e).', move(value.length)),
      binding(['backspace'], 'Delete the character before the cursor.', cut(cursor - 1, cursor)),
      binding(['delete', 'ctrl-d'], 'Delete the character under the cursor.', cut(cursor, cursor + 1)),
      binding(['ctrl-w', 'meta-backspace'], 'Delete the word before the cursor.', cut(wordStart, cursor)),
      binding(['ctrl-u'], 'Delete everything before the cursor.', cut(0, cursor)),
      binding(['ctrl-k'], 'Delete everything from the cursor on.', cut(cursor, value.length)),
    ],
  };
}

/** Where a value shown in `width` columns starts so that the cursor (a cell of its own at the end) is in view. */
export function scrolledStart(value: string, cursor: number, width: number): number {
  return value.length < width ? 0 : Math.max(0, cursor - (width - 1));
}

/**
 * The part of a value a field of `width` columns shows: around the cursor when focused, else the
 * end (a path's last folders say most). Text cut off is marked, `<` on the left and `>` on the
 * right, as readline's horizontal scrolling does: never cut in silence.
 */
export function fieldWindow(value: string, cursor: number, width: number, focused: boolean): { start: number; text: string; left: boolean; right: boolean } {
  const start = focused ? scrolledStart(value, cursor, width) : Math.max(0, value.length - width);
  const text = value.slice(start, start + width);
  // The cursor's own cell is never taken by a mark.
  const cursorAt = focused ? cursor - start : -1;
  const left = start > 0 && cursorAt !== 0;
  const right = value.length > start + width && cursorAt !== width - 1;
  return { start, text, left, right };
}
