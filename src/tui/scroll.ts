import { type MutableRefObject, useRef, useState } from 'react';
import type { Binding } from './keys.js';

export interface Scroll {
  /** The cursor, kept within 0 .. count - 1. */
  position: number;
  /** Rows per page: known only while drawing, so the drawing code sets it. */
  page: MutableRefObject<number>;
  /** Line, page and end-to-end movement. */
  bindings: Binding[];
}

/** A cursor over `count(page)` positions, moved by the usual keys. */
export function useScroll(count: (page: number) => number, what: string): Scroll {
  const [stored, setStored] = useState(0);
  const page = useRef(1);
  const clamp = (n: number) => Math.max(0, Math.min(n, count(page.current) - 1));
  const to = (next: (at: number) => number) => () => setStored((at) => clamp(next(clamp(at))));
  return {
    position: clamp(stored),
    page,
    bindings: [
      { keys: ['up', 'k'], shown: 'up/down', label: 'move', help: `Move up and down through ${what} (also k and j).`, run: to((at) => at - 1) },
      { keys: ['down', 'j'], label: 'down', help: 'Move down.', run: to((at) => at + 1), alias: true },
      { keys: ['pgup', 'b'], shown: 'PgUp/PgDn', label: 'page', help: 'Up or down by a page (also b and space).', run: to((at) => at - page.current) },
      { keys: ['pgdn', 'space'], label: 'page down', help: 'Down by a page.', run: to((at) => at + page.current), alias: true },
      { keys: ['home', 'g'], label: 'top', help: 'To the top.', run: to(() => 0), quiet: true },
      { keys: ['end', 'G'], label: 'end', help: 'To the end.', run: to(() => count(page.current) - 1), quiet: true },
    ],
  };
}

/** The slice of rows that keeps the row at `cursor` in view, centred where the rows allow. */
export function windowAround<T>(rows: T[], cursor: number, height: number): { first: number; visible: T[] } {
  const first = Math.max(0, Math.min(cursor - Math.floor(height / 2), rows.length - height));
  return { first, visible: rows.slice(first, first + height) };
}
