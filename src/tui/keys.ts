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

/** Packs tokens into lines no wider than width, greedily; a token longer than the width is broken across lines. */
export function pack(tokens: string[], width: number, separator = ' '): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && line.length + separator.length + token.length > room) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}${separator}${token}` : token;
    while (line.length > room) {
      lines.push(line.slice(0, room));
      line = line.slice(room);
    }
  }
  return [...lines, line];
}

/** Word wrap, keeping the text's own line breaks. */
export function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => pack(paragraph.split(' '), width));
}
