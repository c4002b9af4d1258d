import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runPreset } from '../../src/preset-mode.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { listTree } from '../helpers/tmp.js';
import { KEYS, screenOf, startTui } from './driver.js';
import { catalog, focusPanel, freshHome, toComponents } from './fixture.js';

describe('TUI (ink-testing-library, 80x24)', () => {
  it('goes through every screen, forwards and back, and writes the project', async () => {
    const home = freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    let frame = tui.frame();
    assert.equal(screenOf(frame), 'Project');
    assert.match(frame, /Project name/);
    assert.match(frame, /tab\/down next field/, 'the help bar lists the keys of the focused field');

    await toComponents(tui);
    frame = tui.frame();
    assert.match(frame, /- Web framework\* +required/);
    assert.match(frame, /\(\*\) Flask/);
    assert.doesNotMatch(frame, /Falcon/, 'a component without templates is not offered');
    assert.match(frame, /\+ Monitoring +None/);
    assert.match(frame, /enter preview/);

    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Project', 'esc goes back');
    await tui.press('enter');
    assert.equal(screenOf(tui.frame()), 'Components');

    await tui.press('?');
    assert.match(tui.frame(), /Keys on this screen/);
    assert.match(tui.frame(), /Go on to the preview of the project/);
    await tui.press('esc');
    assert.doesNotMatch(tui.frame(), /Keys on this screen/);

    await tui.press('enter');
    frame = tui.frame();
    assert.equal(screenOf(frame), 'Preview');
    assert.match(frame, /Files: 7 to be written to iris_demo/);
    assert.match(frame, /model\.py +generic/);
    assert.match(frame, /API +8080\/tcp/);

    // Open iris_demo/model.py, four rows below the root.
    await tui.press('down', 'down', 'down', 'down');
    assert.match(tui.frame(), /enter open file/);
    await tui.press('enter');
    frame = tui.frame();
    assert.match(frame, /iris_demo\/model\.py {2}from generic, lines 1-\d+ of 61/);
    assert.match(frame, /1 class IrisDemo:/);
    await tui.press('pgdn');
    assert.match(tui.frame(), /line_\d+ = /);
    assert.doesNotMatch(tui.frame(), /class IrisDemo/, 'the viewer scrolls');
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Preview');

    await tui.press('w');
    frame = await tui.waitFor(/Done\. Next:/);
    assert.equal(screenOf(frame), 'Write');
    assert.match(frame, /8\/8 files written to iris_demo/);
    assert.match(frame, /ok leo\.json/);
    assert.match(frame, /python iris_democli\.py train/);
    assert.match(frame, /python iris_democli\.py serve/);
    assert.match(frame, /q quit/);
    assert.doesNotMatch(frame, /deploy/, 'no deploy key for a project without Docker');
    assert.deepEqual(listTree(join(home, 'iris_demo')), [
      '.leo/',
      '.leo/written.json.gz',
      'README.md',
      'iris_demo/',
      'iris_demo/__init__.py',
      'iris_demo/app.py',
      'iris_demo/model.py',
      'iris_democli.py',
      'leo.json',
      'tests/',
      'tests/test_api.py',
    ]);
  });

  it('keys that arrive in one read are handled one after another', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.press('enter');
    // Four downs and an enter in one burst, as key repeat or a script delivers them.
    await tui.type(`${KEYS.down.repeat(4)}${KEYS.enter}`);
    await tui.waitFor(/iris_demo\/model\.py {2}from generic/);
  });

  it('Kubernetes forces Docker on, the Docker panel shows it, and the warnings are live', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe([]));
    await toComponents(tui);
    assert.doesNotMatch(tui.frame(), /warning:/);
    await focusPanel(tui, 'Kubernetes');
    await tui.press('space');
    let frame = tui.frame();
    assert.match(frame, /\[x\] Kubernetes/);
    assert.match(frame, /\+ Docker +on \(by Kubernetes\)/);
    assert.match(frame, /warning: Kubernetes turns Docker on/);
    assert.match(frame, /warning: docker is missing/, 'the probe finds no docker on PATH');

    await focusPanel(tui, 'Docker');
    assert.match(tui.frame(), /\[x\] Docker \(needed by Kubernetes\)/);

    await focusPanel(tui, 'Kubernetes');
    await tui.press('space');
    frame = tui.frame();
    assert.match(frame, /\[ \] Kubernetes/);
    assert.doesNotMatch(frame, /warning:/, 'the warnings go when the rule no longer applies');
  });

  it('a monitoring tool brings Grafana, shown in its panel and in the port table', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await focusPanel(tui, 'Monitoring');
    await tui.press('up');
    assert.match(tui.frame(), /> \( \) Prometheus/);
    await tui.press('space');
    let frame = tui.frame();
    assert.match(frame, /\(\*\) Prometheus/);
    assert.match(frame, /\+ Grafana \(brought by Prometheus\)/);
    assert.match(frame, /warning: Prometheus adds Grafana/);
    assert.match(frame, /Ports: Prometheus 9090\/tcp/, 'the explanation beside the list');
    await tui.press('tab');
    assert.match(tui.frame(), /\+ Monitoring +Prometheus \+ Grafana/);
    await tui.press('enter');
    frame = tui.frame();
    assert.match(frame, /dashboard\.json +grafana/);
    assert.match(frame, /Grafana +3000\/tcp/);
  });

  it('an invalid name shows its reason as it is typed and blocks moving on', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('Iris');
    assert.match(tui.frame(), /invalid: the name must be lower snake_case \(no capital\s+letters\)/);
    await tui.press('enter', 'enter', 'enter');
    assert.equal(screenOf(tui.frame()), 'Project', 'still on the project screen');
    assert.match(tui.frame(), /Fix the name to go on\./);
    assert.match(tui.frame(), /> Project name/, 'the name field has the focus again');

    // Every problem at once; a letter outside ASCII said to be one, not taken for a capital or a symbol.
    await tui.type('\u0015My-Name');
    assert.match(tui.frame().replace(/\n\s+/g, ' '), /invalid: the name must be lower snake_case \(no capital letters\); the name may contain only lowercase letters, digits and underscores \(not "-"\)/);
    await tui.type('\u0015über');
    assert.match(tui.frame().replace(/\n\s+/g, ' '), /invalid: non-ASCII letters are not allowed \("ü"\): use a-z, digits and underscores/);
    assert.doesNotMatch(tui.frame(), /lowercase letter/);
    await tui.type('\u0015');
    await tui.type('json');
    assert.match(tui.frame(), /invalid: "json" is a Python standard library module/);
    await tui.press('backspace', 'backspace', 'backspace', 'backspace');
    await tui.type('iris');
    assert.match(tui.frame(), /Project name +iris\n +valid/);
    await tui.press('enter', 'enter', 'enter');
    assert.equal(screenOf(tui.frame()), 'Components');
  });

  it('asks before quitting with answers that would be lost', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_q');
    assert.match(tui.frame(), /Project name {3}iris_q/, 'q is typed into a text field');
    await toComponents(tui, '');
    await tui.press('q');
    assert.match(tui.frame(), /Quit Leo\?/);
    assert.match(tui.frame(), /y quit {2}n\/esc stay/);
    await tui.press('n');
    assert.doesNotMatch(tui.frame(), /Quit Leo\?/);
    assert.equal(screenOf(tui.frame()), 'Components');
  });

  it('catches a non-empty target folder before writing: choose another folder, or overwrite', async () => {
    const home = freshHome();
    mkdirSync(join(home, 'iris_demo'));
    writeFileSync(join(home, 'iris_demo', 'notes.txt'), 'mine');
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_demo');
    assert.match(tui.frame(), /warning: iris_demo exists and is not empty; you will be asked\s+before\s+writing/);
    await tui.press('enter', 'enter', 'enter', 'enter', 'w');
    assert.match(tui.frame(), /iris_demo exists and is not empty/);
    assert.match(tui.frame(), /o overwrite {2}c choose another folder {2}esc cancel/);

    await tui.press('c');
    assert.equal(screenOf(tui.frame()), 'Project');
    assert.match(tui.frame(), /> Target folder/);
    await tui.type('elsewhere');
    await tui.press('enter', 'enter', 'enter', 'w');
    await tui.waitFor(/Done\. Next:/);
    assert.ok(listTree(join(home, 'elsewhere')).includes('leo.json'));
    assert.deepEqual(listTree(join(home, 'iris_demo')), ['notes.txt']);

    const again = await startTui(catalog, fakeProbe(['docker']));
    await again.type('iris_demo');
    await again.press('enter', 'enter', 'enter', 'enter', 'w', 'o');
    await again.waitFor(/Done\. Next:/);
    assert.ok(listTree(join(home, 'iris_demo')).includes('leo.json'));
    assert.equal(readFileSync(join(home, 'iris_demo', 'notes.txt'), 'utf8'), 'mine', 'other files stay');
  });
});

describe('TUI in a small terminal', () => {
  it('stays inside 50x12 on every screen', async () => {
    freshHome();
    const size = { columns: 50, rows: 12 };
    const tui = await startTui(catalog, fakeProbe([]), size);
    const fits = () => {
      const lines = tui.frame().split('\n');
      assert.ok(lines.length <= size.rows - 1, `${lines.length} lines:\n${tui.frame()}`);
      for (const line of lines) assert.ok(line.length <= size.columns, `too wide: ${line}`);
    };
    fits();
    await toComponents(tui);
    await focusPanel(tui, 'Kubernetes');
    await tui.press('space');
    fits();
    await tui.press('enter');
    assert.equal(screenOf(tui.frame()), 'Preview');
    fits();
    await tui.press('down', 'down', 'down', 'down', 'enter');
    fits();
    await tui.press('esc', 'w');
    await tui.waitFor(/Done\./);
    fits();
  });
});

describe('TUI and preset mode share one pipeline', () => {
  /** The project a TUI session writes, with Kubernetes (and so Docker) and Prometheus on. */
  async function writeWithTui(name: string) {
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 100, rows: 50 });
    await toComponents(tui, name);
    await focusPanel(tui, 'Monitoring');
    await tui.press('up', 'space');
    await focusPanel(tui, 'Kubernetes');
    await tui.press('space', 'enter');
    return tui;
  }

  it('the preview tree is the --dry-run plan, line for line', async () => {
    freshHome();
    const tui = await writeWithTui('iris_tree');
    const frame = tui.frame();
    const out: string[] = [];
    writeFileSync('preset.json', JSON.stringify({ name: 'iris_tree', framework: 'flask', monitoring: 'prometheus', kubernetes: true }));
    runPreset({ preset: 'preset.json', force: false, dryRun: true }, catalog, fakeProbe(['docker']), { out: (line) => out.push(line), err: () => {} });
    const tree = out.slice(0, -1);
    assert.match(out.at(-1)!, /^11 files would be written to iris_tree \(and \.leo\/written\.json\.gz, Leo's record of them\)$/);
    // A margin, then the cursor's column.
    const shown = frame.split('\n').map((line) => line.slice(3));
    const start = shown.indexOf(tree[0]!);
    assert.ok(start > 0, frame);
    assert.deepEqual(shown.slice(start, start + tree.length), tree);
  });

  it('writing from the TUI and from the preset (its answers file) yields identical projects', async () => {
    const home = freshHome();
    const tui = await writeWithTui('iris_same');
    await tui.press('w');
    await tui.waitFor(/Done\. Next:/);
    const fromTui = join(home, 'iris_same');
    const answers = JSON.parse(readFileSync(join(fromTui, 'leo.json'), 'utf8'));
    assert.equal(answers.docker, true, 'the answers file records what the rules switched on');
    assert.equal(answers.monitoring, 'prometheus');

    runPreset({ preset: join(fromTui, 'leo.json'), out: 'from_preset', force: false, dryRun: false }, catalog, fakeProbe(['docker']), { out: () => {}, err: () => {} });
    const fromPreset = join(home, 'from_preset');
    const files = listTree(fromTui);
    assert.deepEqual(listTree(fromPreset), files);
    for (const file of files.filter((f) => !f.endsWith('/'))) {
      assert.deepEqual(readFileSync(join(fromPreset, file)), readFileSync(join(fromTui, file)), file);
    }
  });
});
