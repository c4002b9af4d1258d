import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { merge3 } from '../../src/update/merge3.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { type MergeCase, mergeCase } from './merge-cases.js';

const labels = { ours: 'yours', theirs: 'leo update' };

/** git merge-file's answer: the merged text and the number of conflicts (its exit status). */
function gitMerge(dir: string, c: MergeCase): { text: string; conflicts: number } {
  writeFileSync(join(dir, 'ours'), c.ours);
  writeFileSync(join(dir, 'base'), c.base);
  writeFileSync(join(dir, 'theirs'), c.theirs);
  const result = spawnSync('git', ['merge-file', '-p', '-L', labels.ours, '-L', 'base', '-L', labels.theirs, 'ours', 'base', 'theirs'], { cwd: dir, encoding: 'utf8' });
  if (result.status === null || result.status < 0 || result.status > 127) throw new Error(`git merge-file failed: ${result.stderr}`);
  return { text: result.stdout, conflicts: result.status };
}

describe('merge3 against git merge-file', () => {
  // With repeated lines a minimal diff is not unique: matching git there means breaking ties as xdiff does.
  for (const [repeats, what] of [
    [0, 'distinct lines'],
    [0.3, 'some repeated lines (blank lines, braces)'],
    [0.9, 'mostly repeated lines'],
  ] as const) {
    it(`matches git byte for byte, conflicts included, on 300 generated cases of ${what}`, (t) => {
      if (!needCommand(t, 'git')) return;
      const dir = tempDir();
      let conflicted = 0;
      for (let seed = 1; seed <= 300; seed += 1) {
        const c = mergeCase(seed, repeats);
        const git = gitMerge(dir, c);
        assert.deepEqual(merge3(c.base, c.ours, c.theirs, labels), git, `case ${seed}:\n${JSON.stringify(c, null, 2)}`);
        if (git.conflicts > 0) conflicted += 1;
      }
      // The cases exercise both outcomes, not only one.
      assert.ok(conflicted > 60 && conflicted < 240, `${conflicted} of 300 cases conflicted`);
    });
  }
});

describe('merge3 on its own', () => {
  const base = 'a\nb\nc\nd\ne\nf\ng\n';

  it('takes each side\'s change where they are apart', () => {
    assert.deepEqual(merge3(base, 'A\nb\nc\nd\ne\nf\ng\n', 'a\nb\nc\nd\ne\nf\nG\n', labels), { text: 'A\nb\nc\nd\ne\nf\nG\n', conflicts: 0 });
  });

  it('takes a change both sides made once', () => {
    assert.deepEqual(merge3(base, 'a\nB\nc\nd\ne\nf\ng\n', 'a\nB\nc\nd\ne\nf\ng\n', labels), { text: 'a\nB\nc\nd\ne\nf\ng\n', conflicts: 0 });
  });

  it('marks a line both changed differently, with the standard markers', () => {
    assert.deepEqual(merge3(base, 'a\nb\nc\nmine\ne\nf\ng\n', 'a\nb\nc\nleo\ne\nf\ng\n', labels), {
      text: 'a\nb\nc\n<<<<<<< yours\nmine\n=======\nleo\n>>>>>>> leo update\ne\nf\ng\n',
      conflicts: 1,
    });
  });

  it('ends a side without a last newline before the marker that follows it', () => {
    assert.deepEqual(merge3('a\nb', 'a\nmine', 'a\nleo', labels), { text: 'a\n<<<<<<< yours\nmine\n=======\nleo\n>>>>>>> leo update\n', conflicts: 1 });
  });

  it('narrows a conflict to the lines in which the sides differ', () => {
    const result = merge3('x\n', 'same 1\nsame 2\nmine\nsame 3\nsame 4\nsame 5\nsame 6\n', 'same 1\nsame 2\nleo\nsame 3\nsame 4\nsame 5\nsame 6\n', labels);
    assert.equal(result.text, 'same 1\nsame 2\n<<<<<<< yours\nmine\n=======\nleo\n>>>>>>> leo update\nsame 3\nsame 4\nsame 5\nsame 6\n');
  });
});
