/** Generated three-way merge cases: a base of lines and two random edits of it. */

/** A small deterministic generator (mulberry32), so that a failing case can be replayed by its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines as source files have them: mostly distinct, with blank lines, braces and repeats among them. */
const COMMON = ['\n', '}\n', '    pass\n', '  - name: x\n', ')\n', '\n'];

/** Draws lines: with `repeats` 0 every line is distinct, so the diffs are unambiguous. */
function lines(rand: () => number, repeats: number) {
  let serial = 0;
  return (tag: string) => (rand() < repeats ? COMMON[Math.floor(rand() * COMMON.length)]! : `${tag} line ${(serial += 1)} ${Math.floor(rand() * 4)}\n`);
}

function edit(base: string[], rand: () => number, line: (tag: string) => string, tag: string): string[] {
  const out = [...base];
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = rand();
    const size = 1 + Math.floor(rand() * 3);
    if (kind < 0.35) out.splice(at, 0, ...Array.from({ length: size }, () => line(tag)));
    else if (kind < 0.65) out.splice(at, size);
    else out.splice(at, size, ...Array.from({ length: size }, () => line(tag)));
  }
  return out;
}

export interface MergeCase {
  seed: number;
  base: string;
  ours: string;
  theirs: string;
}

/** Case `seed`; `repeats` is the share of lines drawn from a few common ones (blank lines, braces). */
export function mergeCase(seed: number, repeats: number): MergeCase {
  const rand = random(seed);
  const line = lines(rand, repeats);
  const length = Math.floor(rand() * 30);
  const base = Array.from({ length }, () => line('base'));
  const ours = edit(base, rand, line, 'ours');
  // Sometimes both sides make the same edit, which is no conflict.
  const theirs = rand() < 0.1 ? [...ours] : edit(base, rand, line, 'theirs');
  const text = (lines: string[], keepLast: boolean) => {
    const joined = lines.join('');
    return keepLast || !joined.endsWith('\n') ? joined : joined.slice(0, -1);
  };
  // A file without its last newline now and then.
  return { seed, base: text(base, rand() < 0.9), ours: text(ours, rand() < 0.9), theirs: text(theirs, rand() < 0.9) };
}
