// The target folder as typed: ~ is the home folder, as in a shell, and paths are shown readably.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
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

  it('~user is that user\'s home folder, as in a shell', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_user\t~root');
    // root's home is /root (shown as ~ when it is the home folder), no folder named ~root here.
    assert.match(tui.frame(), /(writes to|warning:) (\/root|~)( |$)/m);
    await tui.type('/iris');
    assert.match(tui.frame(), /writes to (\/root|~)\/iris$/m);
  });

  it('a folder of wide characters is wrapped by its cells: the rows it takes are the rows counted for it', async () => {
    freshHome();
    const size = { columns: 60, rows: 24 };
    const tui = await startTui(catalog, fakeProbe(['docker']), size);
    await tui.type(`iris_wide\t${'项目'.repeat(20)}`);
    await tui.press('tab');
    const lines = tui.frame().split('\n');
    assert.ok(lines.some((line) => /writes to/.test(line)), tui.frame());
    assert.deepEqual(lines.filter((line) => stringWidth(line) > size.columns), []);
    assert.match(tui.frame(), /Open existing/, 'the last field is not pushed off the screen');
    assert.ok(tui.frame().replace(/\s+/g, '').includes('项目'.repeat(20)), 'the whole folder, wrapped');
  });

  it('a folder outside the working folder is shown by its absolute path, not as ../..', async () => {
    freshHome();
    const elsewhere = join(tempDir(), 'iris');
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 120, rows: 24 });
    await tui.type(`iris_abs\t${elsewhere}`);
    assert.match(tui.frame(), new RegExp(`writes to ${elsewhere}`));
    assert.doesNotMatch(tui.frame(), /\.\.\//);
    // The next commands after the write say so too: cd to it, not to ../../.
    await tui.press('enter', 'enter', 'enter', 'w');
    const frame = await tui.waitFor(/Done\. Next:/);
    assert.match(frame, new RegExp(`^ +cd ${elsewhere}$`, 'm'));
  });

  it('a long folder is never cut in silence: the field marks what it scrolls out, the preview shows it whole', async () => {
    freshHome();
    const long = join(tempDir(), 'a_rather_long_folder_name', 'holding_another_long_one', 'and_the_project_folder_itself');
    const size = { columns: 60, rows: 24 };
    const tui = await startTui(catalog, fakeProbe(['docker']), size);
    await tui.type(`iris_long\t${long}`);
    const row = () => /^ > Target folder  (.*)$/m.exec(tui.frame())?.[1] ?? '';
    // The field is 60 - 2 - 17 = 41 columns: the cursor at the end, the start scrolled out and marked.
    assert.match(row(), /^<.*itself$/, tui.frame());
    await tui.press('home');
    assert.match(row(), /^\/.*>$/, 'at the start, the end is marked as cut off');
    await tui.press('tab');
    const unfocused = /^ {3}Target folder  (.*)$/m.exec(tui.frame())?.[1] ?? '';
    assert.match(unfocused, /^<.*and_the_project_folder_itself$/, 'left, the field shows where the path ends');
    await tui.press('enter');
    await tui.press('enter');
    assert.match(tui.frame(), /\[3 Preview\]/);
    assert.ok(tui.frame().replace(/\s+/g, '').includes(`tobewrittento${long}`), tui.frame());
  });
});
