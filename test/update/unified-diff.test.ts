import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../src/update/unified-diff.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { mergeCase } from './merge-cases.js';

describe('unifiedDiff, the preview\'s view of what the update does to a file', () => {
  it('writes what diff -u writes, on 300 generated pairs of distinct lines', (t) => {
    if (!needCommand(t, 'diff')) return;
    const dir = tempDir();
    let compared = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const { base, ours } = mergeCase(seed, 0);
      writeFileSync(join(dir, 'a'), base);
      writeFileSync(join(dir, 'b'), ours);
      const result = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
      // diff's own header carries file names and times: the hunks are what is compared.
      const expected = result.stdout.split('\n').slice(2, -1);
      const actual = unifiedDiff('f', base, ours).slice(2);
      assert.deepEqual(actual, expected, `case ${seed}`);
      if (expected.length > 0) compared += 1;
    }
    assert.ok(compared > 250, `${compared} of 300 pairs differ at all`);
  });

  it('shows an added file against /dev/null, and nothing for an unchanged one', () => {
    assert.deepEqual(unifiedDiff('k8s/api.yaml', undefined, 'kind: Service\n'), ['--- /dev/null', '+++ b/k8s/api.yaml', '@@ -0,0 +1 @@', '+kind: Service']);
    assert.deepEqual(unifiedDiff('same.txt', 'x\n', 'x\n'), []);
  });
});
