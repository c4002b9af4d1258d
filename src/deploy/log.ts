/** The output of a deploy, as the screen keeps it: the latest lines only, each made safe to draw. */

export type Stream = 'stdout' | 'stderr';

export interface LogLine {
  stream: Stream;
  text: string;
}

/** Lines kept: the screen scrolls back this far. Older ones are dropped (and counted). */
export const MAX_LINES = 5_000;
/** Characters kept of one line: far wider than any terminal, and a bound on a line without newlines. */
export const MAX_LINE_CHARS = 500;

/**
 * A bounded buffer of lines. Dropping from the front is amortised: the array is compacted once the
 * dropped part is as long as the kept part, so it never holds more than 2 x MAX_LINES lines.
 */
export class OutputLog {
  private rows: LogLine[] = [];
  private first = 0;
  /** Every line pushed since the start, kept or not. */
  total = 0;

  constructor(readonly limit = MAX_LINES) {}

  push(stream: Stream, raw: string): void {
    this.rows.push({ stream, text: drawable(raw) });
    this.total += 1;
    if (this.rows.length - this.first > this.limit) this.first += 1;
    if (this.first >= this.limit) {
      this.rows = this.rows.slice(this.first);
      this.first = 0;
    }
  }

  get size(): number {
    return this.rows.length - this.first;
  }

  get dropped(): number {
    return this.total - this.size;
  }

  /** Kept lines from..to (indexes among the kept ones). */
  slice(from: number, to: number): LogLine[] {
    return this.rows.slice(this.first + Math.max(0, from), this.first + Math.max(0, to));
  }

  /** Kept-array length, for the memory bound's test. */
  get capacityUsed(): number {
    return this.rows.length;
  }
}

// CSI sequences (colours, cursor moves, erasing), OSC sequences (titles, links) and two-byte escapes.
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])/g;
const SGR = /^\u001B\[[0-9;]*m$/;
// Control characters, and an escape character left over that starts no colour.
const CONTROLS = /[\u0000-\u0009\u000B-\u001A\u001C-\u001F\u007F]|\u001B(?!\[[0-9;]*m)/g;
const RESET = '\u001B[0m';

/**
 * One line as it can be drawn in a single row: colours (SGR) kept and closed, every other escape
 * and control character removed (they would move Ink's cursor), a carriage return's overwrite
 * applied (progress bars), tabs expanded, the length capped.
 */
export function drawable(raw: string): string {
  const overwritten = raw.slice(raw.lastIndexOf('\r', raw.length - 2) + 1).replace(/\r$/, '');
  let coloured = false;
  const text = overwritten
    .replace(ESCAPES, (sequence) => (SGR.test(sequence) ? ((coloured = true), sequence) : ''))
    .replace(CONTROLS, (char) => (char === '\t' ? '    ' : ''));
  if (text.length > MAX_LINE_CHARS) return `${text.replace(ESCAPES, '').slice(0, MAX_LINE_CHARS - 3)}...`;
  return coloured ? `${text}${RESET}` : text;
}
