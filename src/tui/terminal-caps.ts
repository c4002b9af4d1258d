// What the terminal can show, from the environment, read when drawing.

/** Whether the locale is UTF-8 (box-drawing glyphs show); an unset locale is taken as UTF-8. */
export function utf8(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  return !locale || /utf-?8/i.test(locale);
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
