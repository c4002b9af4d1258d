// Terminal input as key presses. Ink hands over what one read of the terminal held, with escape
// sequences split off but a run of other bytes kept whole: "jjj", three Backspaces, "name\r" or
// "\rjjj" on a busy machine arrive as one input. Each key of such a run is a key of its own here.

/** One key press: its name in the vocabulary of Binding.keys, and the text it types when it is printable. */
export interface KeyPress {
  name: string;
  text?: string;
}

const SEQUENCES: Record<string, string> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[5~': 'pgup',
  '[6~': 'pgdn',
  '[H': 'home',
  OH: 'home',
  '[1~': 'home',
  '[7~': 'home',
  '[F': 'end',
  OF: 'end',
  '[4~': 'end',
  '[8~': 'end',
  '[3~': 'delete',
  '[2~': 'insert',
  '[Z': 'shift-tab',
  OP: 'f1',
  '[11~': 'f1',
  '[[A': 'f1',
};

const CONTROLS: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', '\u001B': 'esc' };

// Bracketed paste (enabled by full-screen.tsx): the terminal wraps pasted text in these, so that a
// line break in it is text, not Enter.
const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';

/**
 * Reads Ink's inputs as keys, in order. A bracketed paste may come in several inputs (Ink splits
 * off the escapes inside it, and a long paste takes several reads): it is gathered into one key,
 * `paste`, whose text is the whole paste.
 */
export function keyReader(): (input: string) => KeyPress[] {
  let pasted: string | undefined;
  return (input) => {
    if (input === PASTE_START) return (pasted = ''), [];
    if (pasted === undefined) return splitKeys(input);
    if (input !== PASTE_END) return (pasted += input), [];
    const text = pasted;
    pasted = undefined;
    return [{ name: 'paste', text }];
  };
}

/** The keys in one input from Ink, in order. */
export function splitKeys(input: string): KeyPress[] {
  if (input.startsWith('\u001B') && input.length > 1) return escapeSequence(input.slice(1));
  return Array.from(input, single);
}

function single(char: string): KeyPress {
  const control = CONTROLS[char];
  if (control) return { name: control };
  const code = char.codePointAt(0)!;
  // Ctrl-A .. Ctrl-Z (those not named above), as the letters' control codes.
  if (code >= 1 && code <= 26) return { name: `ctrl-${String.fromCharCode(code + 96)}` };
  if (code < 32 || (code >= 0x80 && code < 0xa0)) return { name: `control-${code}` };
  return { name: char === ' ' ? 'space' : char, text: char };
}

/**
 * The keys of a sequence after ESC: a named key, Alt-Backspace, or something unknown (ignored by
 * every binding). ESC before anything else is Esc pressed, then that key: two Escs sent together
 * are two, and Esc then j is not Alt-j (no binding uses Alt with a character).
 */
function escapeSequence(rest: string): KeyPress[] {
  const named = SEQUENCES[rest];
  if (named) return [{ name: named }];
  if (rest === '\u007F' || rest === '\b') return [{ name: 'meta-backspace' }];
  if (rest.startsWith('\u001B') || Array.from(rest).length === 1) return [{ name: 'esc' }, ...splitKeys(rest)];
  return [{ name: `unknown-${rest}` }];
}
