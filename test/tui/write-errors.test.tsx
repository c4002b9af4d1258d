// A folder that cannot be written: a clear error, the answers kept, and a way to another folder.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { runLeo } from '../helpers/leo.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { screenOf, startTui } from './driver.js';
import { catalog, freshHome } from './fixture.js';

describe('a target folder under a file', () => {
  it('preset mode reports it as an error, without a stack trace, and writes nothing', () => {
    const home = tempDir();
    writeFileSync(join(home, 'afile'), 'mine');
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'iris_blocked', framework: 'flask' }));
    const result = runLeo(['--preset', 'preset.json', '--out', 'afile/x'], home);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^leo: could not write afile\/x: /);
    assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(listTree(home), ['afile', 'preset.json']);
  });

  it('the project screen says so; the preview refuses to write and offers another folder', async () => {
    const home = freshHome();
    writeFileSync(join(home, 'afile'), 'mine');
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_blocked\tafile/x');
    assert.match(tui.frame(), /cannot write there: afile is a file, not a folder/);
    await tui.press('enter', 'enter', 'enter', 'w');
    assert.equal(screenOf(tui.frame()), 'Preview');
    assert.match(tui.frame(), /Cannot write there/);
    assert.match(tui.frame(), /c choose another folder {2}esc cancel/);
    await tui.press('c');
    assert.match(tui.frame(), /> Target folder +afile\/x/);
    assert.match(tui.frame(), /Project name +iris_blocked/, 'the answers are kept');
    assert.deepEqual(listTree(home), ['afile']);
  });
});

describe('a write that fails', () => {
  it('says nothing was written, why, and offers another folder with the answers kept', async () => {
    const home = freshHome();
    // A folder name the file system takes, whose staging folder beside it is too long a name.
    const folder = 'f'.repeat(250);
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type(`iris_failed\t${folder}`);
    await tui.press('enter', 'enter', 'enter', 'w');
    const frame = await tui.waitFor(/Nothing written/);
    assert.equal(screenOf(frame), 'Write');
    assert.doesNotMatch(frame, /Writing \d+ files/);
    assert.match(frame, /^ cannot write: could not write\b/m);
    assert.match(frame.replaceAll(/\n /g, ''), /f{250}: ENAMETOOLONG/, 'the reason, with the whole path, wrapped');
    assert.match(frame, /c choose another folder {2}esc back/);
    assert.deepEqual(listTree(home), [], 'nothing half-written');
    await tui.press('c');
    assert.equal(screenOf(tui.frame()), 'Project');
    assert.match(tui.frame(), /> Target folder/);
    assert.match(tui.frame(), /Project name +iris_failed/);
    await tui.type('\u0015elsewhere');
    await tui.press('enter', 'enter', 'enter', 'w');
    await tui.waitFor(/Done\. Next:/);
    assert.ok(listTree(join(home, 'elsewhere')).includes('leo.json'));
  });
});
