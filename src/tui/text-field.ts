import { useState } from 'react';
import type { Binding } from './keys.js';

export interface TextField {
  value: string;
  cursor: number;
  /** Inserts typed text at the cursor. */
  type(input: string): void;
  /** Editing keys: cursor movement and deletion, quiet in the help bar. */
  bindings: Binding[];
}

/** A one-line editor over a value held by the caller. */
export function useTextField(value: string, onChange: (value: string) => void): TextField {
  const [position, setPosition] = useState(value.length);
  const cursor = Math.min(position, value.length);
  const edit = (next: string, at: number) => {
    onChange(next);
    setPosition(at);
  };
  const move = (at: number) => () => setPosition(Math.max(0, Math.min(at, value.length)));
  return {
    value,
    cursor,
    type: (input) => edit(value.slice(0, cursor) + input + value.slice(cursor), cursor + input.length),
    bindings: [
      { keys: ['left'], label: 'left', help: 'Move the text cursor left.', run: move(cursor - 1), quiet: true },
      { keys: ['right'], label: 'right', help: 'Move the text cursor right.', run: move(cursor + 1), quiet: true },
      { keys: ['home'], label: 'start', help: 'Move the text cursor to the start.', run: move(0), quiet: true },
      { keys: ['end'], label: 'end', help: 'Move the text cursor to the end.', run: move(value.length), quiet: true },
      {
        keys: ['backspace'],
        label: 'delete',
        help: 'Delete the character before the cursor.',
        run: () => cursor > 0 && edit(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1),
        quiet: true,
      },
    ],
  };
}
