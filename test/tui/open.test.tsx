// Opening an existing project in the session (`leo DIR`, or "Open existing" on the first screen):
// its answers loaded, the components changed on the same screens, each file's update previewed
// with its diff before anything is written, then the update's atomic apply.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog as realCatalog } from '../../src/catalog/index.js';
import { generate } from '../../src/pipeline/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { App } from '../../src/tui/app.js';
import { openProject } from '../../src/project-file.js';
import { writeGenerated } from '../helpers/generate.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { snapshot } from '../update/project.js';
import { screenOf, startInk, startTui } from './driver.js';
import { catalog, focusPanel, freshHome, generateProject } from './fixture.js';

const size = { columns: 100, rows: 30 };

function edit(dir: string, path: string, from: string, to: string) {
  const text = readFileSync(join(dir, path), 'utf8');
  assert.ok(text.includes(from), `${path} holds ${from}`);
  writeFileSync(join(dir, path), text.replace(from, to));
}

describe('an existing project in the session', () => {
  it('leo DIR: its answers on the screens, each file previewed as added, merged, removed or updated with its diff, then updated', async () => {
    const home = freshHome();
    const dir = join(home, 'iris_demo');
    generateProject(dir, { name: 'iris_demo', framework: 'flask', docker: true });
    // The user's own line at the top of the README: far from what the update changes there.
    edit(dir, 'README.md', 'About the project.\n', 'About the project.\nOur own notes.\n');
    const before = snapshot(dir);

    const tui = await startInk(<App catalog={catalog} probe={fakeProbe(['docker'])} size={size} opened={openProject(dir, catalog)} />);
    let frame = tui.frame();
    assert.equal(screenOf(frame), 'Project');
    assert.match(frame, /Project name +iris_demo$/m, 'the recorded name');
    assert.match(frame, /the name cannot change/);
    assert.match(frame, /Target folder +iris_demo$/m);
    assert.match(frame, /^ > Model type/m, 'the model type has the keyboard: name and folder are the project\'s');
    assert.doesNotMatch(frame, /Open existing/);

    await tui.press('enter');
    frame = tui.frame();
    assert.equal(screenOf(frame), 'Components');
    assert.match(frame, /\+ Docker +on/, 'the recorded answers');
    await focusPanel(tui, 'Monitoring');
    await tui.press('up', 'space');
    await focusPanel(tui, 'Docker');
    await tui.press('space');
    frame = tui.frame();
    assert.match(frame, /\[ \] Docker/);
    assert.match(frame, /warning: Prometheus adds Grafana/, 'the rules, with their warnings');

    await tui.press('enter');
    frame = tui.frame();
    assert.equal(screenOf(frame), 'Preview');
    assert.match(frame, /^ *monitoring: none → prometheus$/m);
    assert.match(frame, /^ *docker: true → false$/m);
    assert.match(frame, /^ *warning: Prometheus adds Grafana/m, 'the same warnings as a new project');
    assert.match(frame, /Update of iris_demo: 6 of \d+ files change/);
    assert.match(frame, /^ [ >] removed +Dockerfile +docker$/m);
    assert.match(frame, /^ [ >] added +grafana\/dashboard\.json +grafana$/m);
    assert.match(frame, /^ [ >] added +prometheus\.yml +prometheus$/m);
    assert.match(frame, /^ [ >] merged +README\.md +base$/m);
    assert.match(frame, /^ [ >] updated +leo\.json +base$/m);
    assert.match(frame, /enter diff/);
    assert.match(frame, /w write/);
    assert.deepEqual(snapshot(dir), before, 'nothing written by the preview');

    // The README's diff: the new components, the user's line as context only.
    await tui.press('down');
    assert.match(tui.frame(), /^ > merged +README\.md/m);
    await tui.press('enter');
    frame = tui.frame();
    assert.match(frame, /README\.md {2}merged, lines 1-/);
    assert.match(frame, /^ *\+- Prometheus$/m);
    assert.match(frame, /^ *\+- Grafana$/m);
    assert.match(frame, /^ *-- Docker$/m);
    assert.doesNotMatch(frame, /^ *[-+]Our own notes/m, 'the user\'s line is no change of the update\'s');
    await tui.press('esc');
    assert.match(tui.frame(), /^ > merged +README\.md/m);

    await tui.press('w');
    frame = await tui.waitFor(/Done\. Next:/);
    assert.equal(screenOf(frame), 'Write');
    assert.match(frame, /iris_demo updated: 5 files written, 1 removed/);
    assert.match(frame, /^ *removed Dockerfile/m);
    assert.match(frame, /^ *merged README\.md/m);
    assert.doesNotMatch(frame, /deploy/, 'Docker is off now: nothing to deploy');
    assert.ok(!existsSync(join(dir, 'Dockerfile')));
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.match(readme, /Our own notes\.\n/);
    assert.match(readme, /- Prometheus\n- Grafana\n/);
    const answers = JSON.parse(readFileSync(join(dir, 'leo.json'), 'utf8'));
    assert.equal(answers.monitoring, 'prometheus');
    assert.equal(answers.docker, false);
  });

  it('an update that changes nothing offers nothing to write', async () => {
    const home = freshHome();
    const dir = join(home, 'iris_same');
    generateProject(dir, { name: 'iris_same', framework: 'flask' });
    const before = snapshot(dir);
    const tui = await startInk(<App catalog={catalog} probe={fakeProbe(['docker'])} size={size} opened={openProject(dir, catalog)} />);
    await tui.press('enter', 'enter');
    const frame = tui.frame();
    assert.match(frame, /Nothing to write: iris_same is up to date with these answers/);
    assert.doesNotMatch(frame, /w write/);
    await tui.press('w');
    assert.equal(screenOf(tui.frame()), 'Preview');
    assert.deepEqual(snapshot(dir), before);
  });

  it('opened from the first screen, the model list starts on the project\'s model type', async () => {
    const home = freshHome();
    const probe = fakeProbe(['docker']);
    writeGenerated(generate(validatePreset({ name: 'iris_real', framework: 'flask', model: 'sklearn' }, realCatalog, 'test'), realCatalog, probe), join(home, 'iris_real'));
    const tui = await startTui(realCatalog, probe, size);
    await tui.press('\u000F');
    assert.match(tui.frame(), /^ > Open existing/m, 'ctrl-o goes to the field');
    await tui.type('iris_real');
    await tui.press('enter');
    assert.match(tui.frame(), /> \(\*\) scikit-learn/);
    await tui.press('space');
    assert.match(tui.frame(), /> \(\*\) scikit-learn/, 'space keeps the project\'s choice');
  });

  it('an update that cannot be planned says why, and esc goes back to the components', async () => {
    const home = freshHome();
    const dir = join(home, 'iris_block');
    generateProject(dir, { name: 'iris_block', framework: 'flask' });
    mkdirSync(join(dir, 'prometheus.yml'));
    const tui = await startInk(<App catalog={catalog} probe={fakeProbe(['docker'])} size={size} opened={openProject(dir, catalog)} />);
    await tui.press('enter');
    await focusPanel(tui, 'Monitoring');
    await tui.press('up', 'space', 'enter');
    assert.match(tui.frame().replace(/\n\s+/g, ' '), /cannot update: cannot write .*iris_block: prometheus\.yml is a folder, and Leo generates a file there/);
    assert.doesNotMatch(tui.frame(), /w write/);
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Components');
  });

  it('"Open existing" on the first screen: says why a folder cannot be opened, then loads a project and updates it, conflicts marked', async () => {
    const home = freshHome();
    const dir = join(home, 'iris_demo');
    generateProject(dir, { name: 'iris_demo', framework: 'flask', docker: true });
    // The user's edit of the very line the update inserts next to: a conflict.
    edit(dir, 'README.md', '- Docker\n', '- Docker, built in CI\n');
    rmSync(join(dir, 'tests/test_api.py'));
    mkdirSync(join(home, 'plain'));

    const tui = await startTui(catalog, fakeProbe(['docker']), size);
    await tui.press('tab', 'tab', 'tab');
    let frame = tui.frame();
    assert.match(frame, /^ > Open existing/m);
    assert.match(frame, /the folder of a project Leo generated \(it holds leo\.json\)/);
    await tui.type('nowhere');
    assert.match(tui.frame(), new RegExp(`cannot open nowhere: ${join(home, 'nowhere')} does not exist`));
    await tui.press('enter');
    assert.match(tui.frame(), /Type the folder of a Leo project to open it/, 'enter on a bad folder says so and stays');
    assert.equal(screenOf(tui.frame()), 'Project');
    await tui.type('\u0015plain');
    assert.match(tui.frame().replace(/\n\s+/g, ' '), /cannot open plain: .*plain is not a Leo project: it has no leo\.json/);
    await tui.type('\u0015iris_demo');
    assert.match(tui.frame(), /a Leo project: iris_demo; enter opens it/);
    await tui.press('enter');
    frame = tui.frame();
    assert.match(frame, /Project name +iris_demo$/m);
    assert.match(frame, /^ > Model type/m);
    assert.doesNotMatch(frame, /Open existing/);

    await tui.press('enter');
    await focusPanel(tui, 'Monitoring');
    await tui.press('up', 'space', 'enter');
    frame = tui.frame();
    assert.equal(screenOf(frame), 'Preview');
    assert.match(frame, /^ [ >] conflict +README\.md +base \(1 conflict marked in the file\)$/m);
    assert.match(frame, /^ [ >] kept +tests\/test_api\.py +base \(you deleted it\)$/m);
    await tui.press('w');
    frame = await tui.waitFor(/Done\. Next:/);
    assert.match(frame.replace(/\n\s+/g, ' '), /Resolve the conflict markers \(<<<<<<< yours \.\.\. >>>>>>> leo update\) in: README\.md/);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.match(readme, /<<<<<<< yours\n- Docker, built in CI\n=======\n- Prometheus\n- Grafana\n- Docker\n>>>>>>> leo update\n/);
    assert.ok(!existsSync(join(dir, 'tests/test_api.py')), 'a file the user deleted stays deleted');
  });
});
