/**
 * A line-based three-way merge with the semantics of `git merge-file` (its default "merge" conflict
 * style and its zealous-alnum level), written out so that a project needs neither git nor a
 * repository. Lines keep their terminators, so a last line without a newline differs from one with.
 *
 * The steps follow git's xdiff: a diff of base→ours and base→theirs made as xdiff makes it, each
 * change group slid down as far as it goes (xdl_change_compact without the indent heuristic); overlapping or
 * touching changes conflict unless identical; each conflict is then narrowed to the lines in which
 * the two sides really differ; conflicts separated by at most three lines, or by lines with no letter
 * or digit, are joined into one.
 */

export interface MergeLabels {
  ours: string;
  theirs: string;
}

export interface MergeResult {
  text: string;
  /** The number of conflict blocks written into the text. */
  conflicts: number;
}

export const MARKER_SIZE = 7;

/** One change between two line sequences: a[i1, i1+chg1) became b[i2, i2+chg2). */
interface Change {
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/** A hunk of the merge, in base (0), ours (1) and theirs (2) coordinates. */
interface Hunk {
  /** 0: conflict; 1: take ours; 2: take theirs; 4: both sides made the same change. */
  mode: 0 | 1 | 2 | 4;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/** Splits text into lines, each with its terminator ('\n'); the last may have none. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

export function merge3(base: string, ours: string, theirs: string, labels: MergeLabels): MergeResult {
  const b = splitLines(base);
  const o = splitLines(ours);
  const t = splitLines(theirs);
  const hunks = mergeHunks(b, o, t);
  refineConflicts(hunks, o, t);
  const simplified = simplifyNonConflicts(hunks, o);
  return render(simplified, o, t, labels);
}

function mergeHunks(b: string[], o: string[], t: string[]): Hunk[] {
  const x1 = diff(b, o);
  const x2 = diff(b, t);
  const hunks: Hunk[] = [];
  // As xdl_append_merge: a hunk that overlaps or touches the previous one joins it, as a conflict
  // when the two came from different sides.
  const append = (mode: Hunk['mode'], i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number) => {
    const m = hunks[hunks.length - 1];
    if (m && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
      if (mode !== m.mode) m.mode = 0;
      m.chg0 = i0 + chg0 - m.i0;
      m.chg1 = i1 + chg1 - m.i1;
      m.chg2 = i2 + chg2 - m.i2;
    } else {
      hunks.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
    }
  };
  let p = 0;
  let q = 0;
  while (p < x1.length && q < x2.length) {
    const c1 = x1[p]!;
    const c2 = x2[q]!;
    if (c1.i1 + c1.chg1 < c2.i1) {
      append(1, c1.i1, c1.chg1, c1.i2, c1.chg2, c2.i2 - c2.i1 + c1.i1, c1.chg1);
      p += 1;
      continue;
    }
    if (c2.i1 + c2.chg1 < c1.i1) {
      append(2, c2.i1, c2.chg1, c1.i2 - c1.i1 + c2.i1, c2.chg1, c2.i2, c2.chg2);
      q += 1;
      continue;
    }
    if (c1.i1 !== c2.i1 || c1.chg1 !== c2.chg1 || c1.chg2 !== c2.chg2 || !sameLines(o, c1.i2, t, c2.i2, c1.chg2)) {
      // Overlapping or touching changes: one conflict spanning both, in all three files.
      const off = c1.i1 - c2.i1;
      const ffo = off + c1.chg1 - c2.chg1;
      let i0 = c1.i1;
      let i1 = c1.i2;
      let i2 = c2.i2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let chg0 = c1.i1 + c1.chg1 - i0;
      let chg1 = c1.i2 + c1.chg2 - i1;
      let chg2 = c2.i2 + c2.chg2 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else {
        chg2 += ffo;
      }
      append(0, i0, chg0, i1, chg1, i2, chg2);
    }
    const end1 = c1.i1 + c1.chg1;
    const end2 = c2.i1 + c2.chg1;
    if (end1 >= end2) q += 1;
    if (end2 >= end1) p += 1;
  }
  // Past the other side's last change, its file is the base shifted by its change in length.
  for (; p < x1.length; p += 1) {
    const c1 = x1[p]!;
    append(1, c1.i1, c1.chg1, c1.i2, c1.chg2, c1.i1 + t.length - b.length, c1.chg1);
  }
  for (; q < x2.length; q += 1) {
    const c2 = x2[q]!;
    append(2, c2.i1, c2.chg1, c2.i1 + o.length - b.length, c2.chg1, c2.i2, c2.chg2);
  }
  return hunks;
}


/** Narrows each conflict to the lines in which ours and theirs differ, as xdl_refine_conflicts. */
function refineConflicts(hunks: Hunk[], o: string[], t: string[]): void {
  for (let k = 0; k < hunks.length; k += 1) {
    const m = hunks[k]!;
    if (m.mode !== 0 || m.chg1 === 0 || m.chg2 === 0) continue;
    const changes = diff(o.slice(m.i1, m.i1 + m.chg1), t.slice(m.i2, m.i2 + m.chg2));
    if (changes.length === 0) {
      m.mode = 4;
      continue;
    }
    const split = changes.map((c) => ({ ...m, mode: 0 as const, i1: m.i1 + c.i1, chg1: c.chg1, i2: m.i2 + c.i2, chg2: c.chg2 }));
    hunks.splice(k, 1, ...split);
    k += split.length - 1;
  }
}

/**
 * Joins conflicts separated by at most three lines of ours, or by lines with no letter or digit,
 * as xdl_simplify_non_conflicts at the zealous-alnum level: one larger conflict reads more easily.
 */
function simplifyNonConflicts(hunks: Hunk[], o: string[]): Hunk[] {
  const out: Hunk[] = [];
  for (const next of hunks) {
    const m = out[out.length - 1];
    if (m && m.mode === 0 && next.mode === 0) {
      const begin = m.i1 + m.chg1;
      const end = next.i1;
      if (end - begin <= 3 || !o.slice(begin, end).some((line) => /[A-Za-z0-9]/.test(line))) {
        m.chg0 = next.i0 + next.chg0 - m.i0;
        m.chg1 = next.i1 + next.chg1 - m.i1;
        m.chg2 = next.i2 + next.chg2 - m.i2;
        continue;
      }
    }
    out.push({ ...next });
  }
  return out;
}

function render(hunks: Hunk[], o: string[], t: string[], labels: MergeLabels): MergeResult {
  const out: string[] = [];
  let conflicts = 0;
  let i = 0;
  const withNewline = (lines: string[], eol: string) => {
    const copy = [...lines];
    const tail = copy[copy.length - 1];
    if (tail !== undefined && !tail.endsWith('\n')) copy[copy.length - 1] = tail + eol;
    return copy;
  };
  for (const m of hunks) {
    if (m.mode === 4) continue;
    out.push(...o.slice(i, m.i1));
    if (m.mode === 0) {
      conflicts += 1;
      const eol = crlfNeeded(o, t, m) ? '\r\n' : '\n';
      out.push(`${'<'.repeat(MARKER_SIZE)} ${labels.ours}${eol}`);
      out.push(...withNewline(o.slice(m.i1, m.i1 + m.chg1), eol));
      out.push(`${'='.repeat(MARKER_SIZE)}${eol}`);
      out.push(...withNewline(t.slice(m.i2, m.i2 + m.chg2), eol));
      out.push(`${'>'.repeat(MARKER_SIZE)} ${labels.theirs}${eol}`);
    } else if (m.mode === 1) {
      out.push(...o.slice(m.i1, m.i1 + m.chg1));
    } else {
      out.push(...t.slice(m.i2, m.i2 + m.chg2));
    }
    i = m.i1 + m.chg1;
  }
  out.push(...o.slice(i));
  return { text: out.join(''), conflicts };
}

/** Markers take CRLF only when the lines around them do (git's is_cr_needed, simplified to the sides). */
function crlfNeeded(o: string[], t: string[], m: Hunk): boolean {
  const crlf = (lines: string[], at: number) => lines[at]?.endsWith('\r\n') ?? false;
  return crlf(o, m.i1 ? m.i1 - 1 : 0) && crlf(t, m.i2 ? m.i2 - 1 : 0);
}

function sameLines(a: string[], i: number, b: string[], j: number, count: number): boolean {
  for (let k = 0; k < count; k += 1) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/**
 * A line diff as git's xdiff makes it (markChanges), its change groups then slid as
 * xdl_change_compact does, so that an ambiguous insertion or deletion lands where git puts it.
 */
export function diff(a: string[], b: string[]): Change[] {
  const ra = new Uint8Array(a.length + 2);
  const rb = new Uint8Array(b.length + 2);
  markChanges(a, b, ra, rb);
  compact(a, ra, rb);
  compact(b, rb, ra);
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && !ra[i + 1] && !rb[j + 1]) {
      i += 1;
      j += 1;
      continue;
    }
    const c: Change = { i1: i, chg1: 0, i2: j, chg2: 0 };
    while (i < a.length && ra[i + 1]) (i += 1), (c.chg1 += 1);
    while (j < b.length && rb[j + 1]) (j += 1), (c.chg2 += 1);
    changes.push(c);
  }
  return changes;
}

/**
 * Sets ra[i+1] for each line of a that is deleted, rb[j+1] for each line of b that is inserted, as
 * git's xdiff does (xdl_do_diff without its heuristics for very costly diffs): common ends trimmed;
 * lines found on one side only, and frequent lines amid those, set aside as changed; then Myers'
 * divide-and-conquer search for the middle snake on what remains. Its tie-breaking is git's.
 */
function markChanges(a: string[], b: string[], ra: Uint8Array, rb: Uint8Array): void {
  const classes = new Map<string, number>();
  const classOf = (line: string) => {
    let id = classes.get(line);
    if (id === undefined) classes.set(line, (id = classes.size));
    return id;
  };
  const ha1 = a.map(classOf);
  const ha2 = b.map(classOf);
  const count1 = new Int32Array(classes.size);
  const count2 = new Int32Array(classes.size);
  for (const h of ha1) count1[h]! += 1;
  for (const h of ha2) count2[h]! += 1;

  const lim = Math.min(a.length, b.length);
  let dstart = 0;
  while (dstart < lim && ha1[dstart] === ha2[dstart]) dstart += 1;
  let tail = 0;
  while (tail < lim - dstart && ha1[a.length - 1 - tail] === ha2[b.length - 1 - tail]) tail += 1;

  const reduce = (ha: number[], others: Int32Array, r: Uint8Array) => {
    const dend = ha.length - tail - 1;
    const mlim = Math.min(bogoSqrt(ha.length), MAX_EQ_LIMIT);
    const dis = new Uint8Array(ha.length + 1);
    for (let i = dstart; i <= dend; i += 1) {
      const matches = others[ha[i]!]!;
      dis[i] = matches === 0 ? 0 : matches >= mlim ? 2 : 1;
    }
    const index: number[] = [];
    for (let i = dstart; i <= dend; i += 1) {
      if (dis[i] === 1 || (dis[i] === 2 && !cleanMultiMatch(dis, i, dstart, dend))) index.push(i);
      else r[i + 1] = 1;
    }
    return index;
  };
  const index1 = reduce(ha1, count2, ra);
  const index2 = reduce(ha2, count1, rb);
  const h1 = index1.map((i) => ha1[i]!);
  const h2 = index2.map((i) => ha2[i]!);
  const size = h1.length + h2.length + 3;
  const kv = { f: new Float64Array(size), b: new Float64Array(size), offset: h2.length + 1 };
  compareRecords(h1, 0, h1.length, h2, 0, h2.length, kv, (i) => (ra[index1[i]! + 1] = 1), (j) => (rb[index2[j]! + 1] = 1));
}

const MAX_EQ_LIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;

function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

/** xdl_clean_mmatch: a frequent line is set aside only amid a run mostly of lines without a match. */
function cleanMultiMatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r += 1) {
    if (!dis[i - r]) rdis0 += 1;
    else if (dis[i - r] === 2) rpdis0 += 1;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r += 1) {
    if (!dis[i + r]) rdis1 += 1;
    else if (dis[i + r] === 2) rpdis1 += 1;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

interface Diagonals {
  f: Float64Array;
  b: Float64Array;
  offset: number;
}

/** xdl_recs_cmp: shrink the box by its common ends, split it at a middle snake, recurse on both halves. */
function compareRecords(
  h1: number[],
  off1: number,
  lim1: number,
  h2: number[],
  off2: number,
  lim2: number,
  kv: Diagonals,
  deleted: (i: number) => void,
  inserted: (j: number) => void,
): void {
  while (off1 < lim1 && off2 < lim2 && h1[off1] === h2[off2]) (off1 += 1), (off2 += 1);
  while (off1 < lim1 && off2 < lim2 && h1[lim1 - 1] === h2[lim2 - 1]) (lim1 -= 1), (lim2 -= 1);
  if (off1 === lim1) {
    for (; off2 < lim2; off2 += 1) inserted(off2);
  } else if (off2 === lim2) {
    for (; off1 < lim1; off1 += 1) deleted(off1);
  } else {
    const [i1, i2] = split(h1, off1, lim1, h2, off2, lim2, kv);
    compareRecords(h1, off1, i1, h2, off2, i2, kv, deleted, inserted);
    compareRecords(h1, i1, lim1, h2, i2, lim2, kv, deleted, inserted);
  }
}

/** xdl_split: where the forward and backward searches for the shortest edit script meet. */
function split(h1: number[], off1: number, lim1: number, h2: number[], off2: number, lim2: number, kv: Diagonals): [number, number] {
  const { f, b, offset } = kv;
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  f[offset + fmid] = off1;
  b[offset + bmid] = lim1;
  for (;;) {
    if (fmin > dmin) f[offset + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) f[offset + ++fmax + 1] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = f[offset + d - 1]! >= f[offset + d + 1]! ? f[offset + d - 1]! + 1 : f[offset + d + 1]!;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && h1[i1] === h2[i2]) (i1 += 1), (i2 += 1);
      f[offset + d] = i1;
      if (odd && bmin <= d && d <= bmax && b[offset + d]! <= i1) return [i1, i2];
    }
    if (bmin > dmin) b[offset + --bmin - 1] = Number.MAX_SAFE_INTEGER;
    else ++bmin;
    if (bmax < dmax) b[offset + ++bmax + 1] = Number.MAX_SAFE_INTEGER;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = b[offset + d - 1]! < b[offset + d + 1]! ? b[offset + d - 1]! : b[offset + d + 1]! - 1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && h1[i1 - 1] === h2[i2 - 1]) (i1 -= 1), (i2 -= 1);
      b[offset + d] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= f[offset + d]!) return [i1, i2];
    }
  }
}

/**
 * Slides each group of changed lines of one file down as far as equal lines allow, then back up to
 * line up with a change of the other file when one was passed on the way (xdl_change_compact).
 * `r` and `ro` are offset by one: r[0] and r[n+1] are sentinels that are never set.
 */
function compact(lines: string[], r: Uint8Array, ro: Uint8Array): void {
  const n = lines.length;
  const no = ro.length - 2;
  const at = (i: number) => r[i + 1]!;
  const set = (i: number, value: number) => (r[i + 1] = value);
  const g = { start: 0, end: 0 };
  const go = { start: 0, end: 0 };
  const init = (rr: Uint8Array, grp: { start: number; end: number }) => {
    grp.start = grp.end = 0;
    while (rr[grp.end + 1]) grp.end += 1;
  };
  const next = (rr: Uint8Array, len: number, grp: { start: number; end: number }) => {
    if (grp.end === len) return false;
    grp.start = grp.end + 1;
    for (grp.end = grp.start; rr[grp.end + 1]; grp.end += 1);
    return true;
  };
  const previous = (rr: Uint8Array, grp: { start: number; end: number }) => {
    if (grp.start === 0) return false;
    grp.end = grp.start - 1;
    for (grp.start = grp.end; rr[grp.start]; grp.start -= 1);
    return true;
  };
  const slideDown = () => {
    if (g.end < n && lines[g.start] === lines[g.end]) {
      set(g.start++, 0);
      set(g.end++, 1);
      while (at(g.end)) g.end += 1;
      return true;
    }
    return false;
  };
  const slideUp = () => {
    if (g.start > 0 && lines[g.start - 1] === lines[g.end - 1]) {
      set(--g.start, 1);
      set(--g.end, 0);
      while (g.start > 0 && at(g.start - 1)) g.start -= 1;
      return true;
    }
    return false;
  };
  init(r, g);
  init(ro, go);
  for (;;) {
    if (g.end !== g.start) {
      let size: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        size = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) if (!previous(ro, go)) throw new Error('diff: group sync broken sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown()) {
          if (!next(ro, no, go)) throw new Error('diff: group sync broken sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (size !== g.end - g.start);
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!slideUp()) throw new Error('diff: match disappeared');
          if (!previous(ro, go)) throw new Error('diff: group sync broken sliding to match');
        }
      }
    }
    if (!next(r, n, g)) break;
    if (!next(ro, no, go)) throw new Error('diff: group sync broken moving on');
  }
}
