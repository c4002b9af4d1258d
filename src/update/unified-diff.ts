import { diff, splitLines } from './merge3.js';

/**
 * The unified diff (as `diff -u` writes it) from one version of a file to another: what the update
 * does to a file, for the preview's viewer. A missing side is empty; no header when nothing changes.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string[] {
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const changes = diff(a, b);
  if (changes.length === 0) return [];
  const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`];
  const show = (line: string) => {
    const text = line.replace(/\r?\n$/, '');
    return line.endsWith('\n') ? [text] : [text, '\\ No newline at end of file'];
  };
  // Changes closer than twice the context share one hunk.
  for (let first = 0; first < changes.length; ) {
    let last = first;
    while (last + 1 < changes.length && changes[last + 1]!.i1 - (changes[last]!.i1 + changes[last]!.chg1) <= 2 * context) last += 1;
    const start1 = Math.max(0, changes[first]!.i1 - context);
    const start2 = changes[first]!.i2 - (changes[first]!.i1 - start1);
    const end1 = Math.min(a.length, changes[last]!.i1 + changes[last]!.chg1 + context);
    const end2 = changes[last]!.i2 + changes[last]!.chg2 + (end1 - (changes[last]!.i1 + changes[last]!.chg1));
    out.push(`@@ -${range(start1, end1 - start1)} +${range(start2, end2 - start2)} @@`);
    let i = start1;
    for (const c of changes.slice(first, last + 1)) {
      for (; i < c.i1; i += 1) out.push(...show(a[i]!).map((l, k) => (k === 0 ? ` ${l}` : l)));
      for (const line of a.slice(c.i1, c.i1 + c.chg1)) out.push(...show(line).map((l, k) => (k === 0 ? `-${l}` : l)));
      for (const line of b.slice(c.i2, c.i2 + c.chg2)) out.push(...show(line).map((l, k) => (k === 0 ? `+${l}` : l)));
      i = c.i1 + c.chg1;
    }
    for (; i < end1; i += 1) out.push(...show(a[i]!).map((l, k) => (k === 0 ? ` ${l}` : l)));
    first = last + 1;
  }
  return out;
}

/** A hunk header's range as diff -u writes it: 1-based "start,count", "start" alone for one line; an empty range names the line before it. */
function range(start: number, count: number): string {
  if (count === 1) return `${start + 1}`;
  return count === 0 ? `${start},0` : `${start + 1},${count}`;
}
