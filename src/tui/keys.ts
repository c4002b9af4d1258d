import { cells, characters } from './cells.js';

/**
 * One key binding of a screen. The same list handles the input and draws the help bar and the
 * help page, so what the bar shows is exactly what works.
 */
export interface Binding {
  /** Key names (see input.ts): 'up', 'pgdn', 'home', 'tab', 'shift-tab', 'enter', 'esc', 'space', 'backspace', 'delete', 'f1', 'ctrl-c', or a character. */
  keys: string[];
  /** How the keys are written in the help bar, when the names alone would be clumsy ("up/down"). */
  shown?: string;
  /** A word or two for the help bar. */
  label: string;
  /** A sentence for the help page. */
  help: string;
  run: () => void;
  /** Handled but not advertised in the help bar (still listed on the help page). */
  quiet?: boolean;
  /** The other half of a binding that already names its keys and says what they do ("up/down"): listed nowhere. */
  alias?: boolean;
}

export function shownKeys(binding: Binding): string {
  return binding.shown ?? binding.keys.join('/');
}

/** Packs tokens into lines no wider than width (in terminal cells), greedily; a token longer than the width is broken across lines. */
export function pack(tokens: string[], width: number, separator = ' '): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && cells(line) + separator.length + cells(token) > room) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}${separator}${token}` : token;
    while (cells(line) > room) {
      const [head, rest] = cut(line, room);
      lines.push(head);
      line = rest;
    }
  }
  return [...lines, line];
}

/** A line's first `width` cells (at least one character), and the rest. */
function cut(line: string, width: number): [string, string] {
  const chars = characters(line);
  let used = 0;
  let count = 0;
  while (count < chars.length && (count === 0 || used + cells(chars[count]!) <= width)) used += cells(chars[count++]!);
  return [chars.slice(0, count).join(''), chars.slice(count).join('')];
}

/** Word wrap, keeping the text's own line breaks. */
export function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => pack(paragraph.split(' '), width));
}
