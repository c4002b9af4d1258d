// The target folder as typed: ~ is the home folder, as in a shell, and paths are shown readably.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { startTui } from './driver.js';
import { catalog, freshHome } from './fixture.js';

describe('the target folder', () => {
  it('~/… is in the home folder, shown as such, never a folder named ~', async (t) => {
    const here = freshHome();
    const home = tempDir();
    const saved = process.env.HOME;
    process.env.HOME = home;
    t.after(() => {
      process.env.HOME = saved;
    });
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_home\t~/projects/iris');
    assert.match(tui.frame(), /writes to ~\/projects\/iris/);
    await tui.press('enter', 'enter', 'enter');
    assert.match(tui.frame(), /Files: \d+ to be written to ~\/projects\/iris/);
    await tui.press('w');
    await tui.waitFor(/Done\. Next:/);
    assert.ok(listTree(join(home, 'projects', 'iris')).includes('leo.json'));
    assert.deepEqual(listTree(here), [], 'no folder named ~ here');
  });

  it('a folder outside the working folder is shown by its absolute path, not as ../..', async () => {
    freshHome();
    const elsewhere = join(tempDir(), 'iris');
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 120, rows: 24 });
    await tui.type(`iris_abs\t${elsewhere}`);
    assert.match(tui.frame(), new RegExp(`writes to ${elsewhere}`));
    assert.doesNotMatch(tui.frame(), /\.\.\//);
  });
});
