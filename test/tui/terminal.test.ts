import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { leoBin, runLeo } from '../helpers/leo.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { terminal } from './terminal.js';

describe('leo in a real terminal (tmux, 80x24)', () => {
  it('creates a project from the keyboard, full screen, and gives the main screen back', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    assert.ok(catalog.get('flask').available, 'the Flask templates exist');
    const home = tempDir();
    const term = terminal(home);

    let screen = await term.waitFor(/Project name/);
    assert.ok(term.alternateScreen(), 'the session runs on the alternate screen');
    assert.doesNotMatch(screen, /main screen before leo/);
    const lines = screen.split('\n');
    assert.ok(lines.length >= 24 && lines.slice(0, 24).every((line) => line.length <= 80), 'the frame fits 80x24');
    assert.match(screen, /tab\/down next field/, 'the help bar');

    await term.press('iris_tui', /Project name +iris_tui\n +valid/, true);
    // Three Enters in one write: they may reach leo in one read, and each one counts.
    screen = await term.press(['Enter', 'Enter', 'Enter'], /\[2 Components\]/);
    assert.match(screen, /\(\*\) Flask/);

    // The frame follows the terminal's size: the step bar puts the name at the right edge (tmux
    // drops the bar's last, blank column).
    const bar = (columns: number) => new RegExp(`^(?= Leo ).{${columns - 1 - 'iris_tui'.length}}iris_tui$`, 'm');
    assert.match(screen, bar(80));
    term.resize(100, 30);
    await term.waitFor(bar(100));
    term.resize(80, 24);
    await term.waitFor(bar(80));

    screen = await term.press('Enter', /\[3 Preview\]/);
    assert.match(screen, /Files: \d+ to be written to iris_tui/);
    assert.match(screen, /API +8080\/tcp +published/);
    screen = await term.press('w', /Done\. Next:/);
    assert.match(screen, /python iris_tuicli\.py train/);

    // esc on the summary leaves, as enter does: there is nothing to go back to.
    screen = await term.press('Escape', /leo exited with 0/);
    assert.ok(!term.alternateScreen(), 'back on the main screen');
    assert.match(
      screen,
      /main screen before leo\n\d+ files written to iris_tui\nNext:\n {2}cd iris_tui\n[\s\S]*?\n {2}python iris_tuicli\.py train\n[\s\S]*\nleo exited with 0/,
      'the main screen as it was, with the summary and the next commands after it',
    );
    assert.doesNotMatch(screen, /\[3 Preview\]|Leo {2}/, 'nothing else of the session');

    // The answers file is a preset: preset mode makes the same project from it, byte for byte.
    const project = join(home, 'iris_tui');
    const again = runLeo(['--preset', join(project, 'leo.json'), '--out', 'again'], home);
    assert.equal(again.status, 0, again.stderr);
    const files = listTree(project);
    assert.ok(files.includes('iris_tui/app.py'));
    assert.deepEqual(listTree(join(home, 'again')), files);
    for (const file of files.filter((f) => !f.endsWith('/'))) {
      assert.deepEqual(readFileSync(join(home, 'again', file)), readFileSync(join(project, file)), file);
    }
  });

  it('Ctrl-C leaves at once and restores the main screen; q asks first', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    const term = terminal(home);
    await term.waitFor(/Project name/);
    await term.press('abc', /Project name +abc/, true);
    await term.press('Tab', /> Target folder/);
    await term.press('Tab', /> Model type/);
    await term.press('q', /Quit Leo\?/);
    await term.press('n', (screen) => !/Quit Leo\?/.test(screen));
    const screen = await term.press('C-c', /leo exited with 130/);
    assert.ok(!term.alternateScreen());
    assert.match(screen, /main screen before leo\nleo exited with 130/);
    assert.deepEqual(listTree(home), [], 'nothing written');
  });
  it('a pasted line break neither moves the focus nor lands in the field (bracketed paste)', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const term = terminal(tempDir());
    await term.waitFor(/> Project name/);
    term.paste('my_model\nsecond_line');
    const screen = await term.waitFor(/Project name +my_modelsecond_line/);
    assert.match(screen, /> Project name/);
  });

  it('a crash or SIGTERM also gives the main screen back', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    // A crash from outside React: an exception nobody catches, thrown once the session is up.
    const crash = join(home, 'crash.mjs');
    writeFileSync(crash, "setTimeout(() => { throw new Error('simulated crash'); }, 1500);\n");
    const crashed = terminal(home, { nodeArgs: ['--import', crash] });
    await crashed.waitFor(/Project name/);
    let screen = await crashed.waitFor(/leo exited with 1/);
    assert.ok(!crashed.alternateScreen());
    assert.match(screen, /main screen before leo\n/);
    assert.match(screen, /Error: simulated crash/, 'the trace lands on the main screen, readable');

    const killed = terminal(home);
    await killed.waitFor(/Project name/);
    process.kill(killed.leoPid(), 'SIGTERM');
    screen = await killed.waitFor(/leo exited with 143/);
    assert.ok(!killed.alternateScreen());
    assert.match(screen, /main screen before leo\nleo exited with 143/);
  });
});

describe('leo DIR: an existing project in a real terminal (tmux, 80x24)', () => {
  it('loads its answers, previews each file\'s update, and writes it; the main screen gets the summary', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'iris_open', framework: 'flask', model: 'sklearn' }));
    const made = runLeo(['--preset', 'preset.json'], home);
    assert.equal(made.status, 0, made.stderr);
    const project = join(home, 'iris_open');
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    assert.match(readme, /\n## Components\n/);
    writeFileSync(join(project, 'README.md'), readme.replace('\n## Components\n', '\nOur own paragraph.\n\n## Components\n'));

    const term = terminal(home, { args: ['iris_open'] });
    let screen = await term.waitFor(/Project name +iris_open/);
    assert.match(screen, /the name cannot change/);
    assert.match(screen, /> Model type/);
    assert.match(screen, /\(\*\) scikit-learn/, 'the recorded model type');
    // Keys sent together, as a busy machine delivers them: each one counts.
    await term.press(['Enter', 'Tab', 'Tab', 'Tab'], /- Monitoring/);
    await term.press(['Up', 'Up', 'Space'], /\(\*\) Prometheus/);
    screen = await term.press('Enter', /\[3 Preview\]/);
    assert.match(screen, /monitoring: none → prometheus/);
    assert.match(screen, /merged +README\.md/);
    assert.match(screen, /added +prometheus\//);
    assert.match(screen, /enter diff .*w write/);
    assert.equal(JSON.parse(readFileSync(join(project, 'leo.json'), 'utf8')).monitoring, 'none', 'nothing written yet');

    screen = await term.press('w', /Done\. Next:/);
    assert.match(screen, /iris_open updated: \d+ files written/);
    screen = await term.press('Enter', /leo exited with 0/);
    assert.match(screen, /main screen before leo\niris_open updated: \d+ files written, 0 removed\nNext:\n {2}cd iris_open\n/);
    assert.equal(JSON.parse(readFileSync(join(project, 'leo.json'), 'utf8')).monitoring, 'prometheus');
    assert.match(readFileSync(join(project, 'README.md'), 'utf8'), /Our own paragraph\./);
    assert.ok(existsSync(join(project, 'prometheus')));
  });

  it('an update that leaves conflict markers ends with 1, as leo update does, and offers no deploy', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'iris_clash', framework: 'flask', model: 'sklearn', docker: true }));
    const made = runLeo(['--preset', 'preset.json'], home);
    assert.equal(made.status, 0, made.stderr);
    // The user's edit of the table row the update adds a row after: a conflict.
    const readme = join(home, 'iris_clash', 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('| model | scikit-learn |', '| model | scikit-learn (ours) |'));

    const term = terminal(home, { args: ['iris_clash'] });
    await term.waitFor(/> Model type/);
    await term.press(['Enter', 'Tab', 'Tab', 'Tab'], /- Monitoring/);
    await term.press(['Up', 'Up', 'Space'], /\(\*\) Prometheus/);
    await term.press('Enter', /conflict +README\.md/);
    let screen = await term.press('w', /Done\. Next:/);
    assert.match(screen, /Resolve the conflict markers/);
    assert.doesNotMatch(screen, /d deploy/);
    screen = await term.press('Enter', /leo exited with 1/);
    assert.match(screen, /Resolve the conflict markers/);
  });
});

describe('leo DIR that cannot be opened', () => {
  it('a folder that does not exist: an error naming it, and how to start a new project', () => {
    const home = tempDir();
    const result = runLeo(['nowhere'], home);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^leo: ${join(home, 'nowhere')} does not exist\nleo DIR opens a project Leo generated; to start a new one, run leo alone\. Commands: update, add, deploy`));
  });

  it('a folder that is not a Leo project, or a file: a clear error, before any screen', () => {
    const home = tempDir();
    mkdirSync(join(home, 'plain'));
    writeFileSync(join(home, 'notes.txt'), 'x');
    let result = runLeo(['plain'], home);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^leo: .*plain is not a Leo project: it has no leo\.json/);
    assert.match(result.stderr, /\(its folder holds leo\.json\)/);
    result = runLeo(['notes.txt'], home);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^leo: .*notes\.txt is a file, not a project folder/);
  });

  it('a project, with no terminal: points to leo update', () => {
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'iris_pipe', framework: 'flask' }));
    assert.equal(runLeo(['--preset', 'preset.json'], home).status, 0);
    const result = runLeo(['iris_pipe'], home);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs a terminal\. Without one, use: leo update iris_pipe --set KEY=VALUE/);
  });
});

describe('leo without a terminal', () => {
  it('points to --preset and exits non-zero instead of waiting for keys', () => {
    const result = spawnSync(process.execPath, [leoBin], { cwd: tempDir(), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000 });
    assert.equal(result.error, undefined, 'it did not hang');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs a terminal.*leo --preset FILE/);
    assert.equal(result.stdout, '');
  });
});

