// What the terminal can show, from the environment, read when drawing.

/** Whether the locale is UTF-8 (box-drawing glyphs show); an unset locale is taken as UTF-8. */
export function utf8(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  return !locale || /utf-?8/i.test(locale);
}

/** Whether the terminal shows styles (reverse video, bold): not under NO_COLOR (no-color.ts turns them all off), nor on a dumb terminal. */
export function styled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR && env.TERM !== 'dumb';
}

const ASCII_TREE: [RegExp, string][] = [
  [/├── /g, '|-- '],
  [/└── /g, '`-- '],
  [/│/g, '|'],
];

/** A tree line in the glyphs the terminal has: ASCII under a locale that is not UTF-8. */
export function treeGlyphs(line: string, env: NodeJS.ProcessEnv = process.env): string {
  return utf8(env) ? line : ASCII_TREE.reduce((text, [glyph, ascii]) => text.replace(glyph, ascii), line);
}

const ESCAPE = /\u001B(?:\[[0-9;?]*[ -\/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/y;

/**
 * A frame with Ink's own truncation mark, the one-column `…`, spelt `...` in ASCII: the mark and
 * the two cells before it become dots, so every line keeps its width. Escape sequences are left
 * as they are. Leo's own text never uses `…`, so each one is Ink's.
 */
export function asciiEllipsis(frame: string): string {
  if (!frame.includes('\u2026')) return frame;
  const cells: { text: string; visible: boolean }[] = [];
  for (let at = 0; at < frame.length; ) {
    ESCAPE.lastIndex = at;
    const escape = ESCAPE.exec(frame);
    const text = escape ? escape[0] : String.fromCodePoint(frame.codePointAt(at)!);
    cells.push({ text, visible: !escape && text !== '\n' && text !== '\r' });
    at += text.length;
  }
  cells.forEach((cell, index) => {
    if (cell.text !== '\u2026') return;
    cell.text = '.';
    // Back over two visible cells of the same line.
    for (let i = index - 1, dots = 0; i >= 0 && dots < 2 && cells[i]!.text !== '\n'; i -= 1) {
      if (cells[i]!.visible) {
        cells[i]!.text = '.';
        dots += 1;
      }
    }
  });
  return cells.map((cell) => cell.text).join('');
}
