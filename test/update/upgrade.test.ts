// Upgrading Leo: a project generated and edited with this Leo, then updated by a newer one (a copy of
// the tree with its templates changed and its version bumped, built as Leo is built). The project's
// record of what Leo wrote tells the user's edits from the template changes.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, runLeo } from '../helpers/leo.js';
import { type Run, run, runOk } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { terminal } from '../tui/terminal.js';
import { MODEL, MODEL_EDIT, MODEL_LINE, edit, read } from './project.js';

const NEWER = '9.9.9';
/** The newer Leo's change of the line the user edits too: a conflict. */
const NEWER_MODEL_LINE = 'features = numeric_array(inputs, FEATURE_NAMES, np.float32)';
const NEWER_README_END = '\nUpgraded by a newer Leo.\n';
const USER_README = 'Our deployment notes: page #ml-oncall.\n\n';
const NEWER_ERRORS_END = '\n# A fix of the newer Leo.\n';
const NEW_FILE = 'iris/retry.py';
const USER_WSGI_END = '# ours\n';

/** A copy of Leo's tree with changed templates and a higher version, built: the Leo a user upgrades to. */
function newerLeo(): string {
  const root = tempDir('leo-newer-');
  for (const part of ['bin', 'src', 'templates', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(repoRoot, part), join(root, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...pkg, version: NEWER }, null, 2));
  const change = (path: string, from: string | RegExp, to: string) => edit(join(root, 'templates'), path, from, to);
  change('sklearn/__name__/model.py.njk', MODEL_LINE, NEWER_MODEL_LINE);
  change('base/README.md.njk', /\n$/, `\n${NEWER_README_END}`);
  change('base/__name__/errors.py', /\n$/, `\n${NEWER_ERRORS_END}`);
  change('base/pyproject.toml.njk', '[project]\n', '[project]\n# newer\n');
  writeFileSync(join(root, 'templates/base/__name__/retry.py'), '"""Retries: new in the newer Leo."""\n');
  runOk(process.execPath, ['scripts/build.js'], { cwd: root });
  return root;
}

function runNewer(root: string, args: string[], cwd: string): Run {
  return run(process.execPath, [join(root, 'bin/leo.js'), ...args], { cwd });
}

/** A project written by this Leo, then edited by its user: one file left alone by both, one by each, one by both, one deleted. */
function editedProject(): { home: string; dir: string } {
  const home = tempDir();
  writeFileSync(join(home, 'p.json'), JSON.stringify({ name: 'iris', framework: 'flask', model: 'sklearn' }));
  const generated = runLeo(['--preset', 'p.json'], home);
  assert.equal(generated.status, 0, generated.stderr);
  const dir = join(home, 'iris');
  edit(dir, MODEL, MODEL_LINE, MODEL_EDIT);
  edit(dir, 'README.md', '## Components\n', `${USER_README}## Components\n`);
  edit(dir, 'iris/wsgi.py', /\n$/, `\n${USER_WSGI_END}`);
  rmSync(join(dir, 'pyproject.toml'));
  return { home, dir };
}

/** The project after the newer Leo's update: each of the user's edits and each template change where it belongs. */
function assertUpgraded(dir: string, pristineErrors: string): void {
    assert.equal(read(dir, 'iris/errors.py'), pristineErrors + NEWER_ERRORS_END);
    assert.equal(read(dir, NEW_FILE), '"""Retries: new in the newer Leo."""\n');
    const readme = read(dir, 'README.md');
    assert.ok(readme.includes(USER_README) && readme.endsWith(NEWER_README_END), readme);
    assert.match(read(dir, MODEL), new RegExp(`<<<<<<< yours\\n +${escape(MODEL_EDIT)}\\n=======\\n +${escape(NEWER_MODEL_LINE)}\\n>>>>>>> leo update`));
    assert.equal(existsSync(join(dir, 'pyproject.toml')), false);
    assert.ok(read(dir, 'iris/wsgi.py').endsWith(USER_WSGI_END));
    assert.equal(JSON.parse(read(dir, 'leo.json')).leo_version, NEWER);
}

function line(status: string, path: string): RegExp {
  return new RegExp(`^ {2}${status} +${path.replaceAll('.', '\\.')} +\\w+`, 'm');
}

describe('a newer Leo updates a project this Leo generated', () => {
  // Built once, for the whole file (a folder made in a hook would go when the hook ends).
  const newer = newerLeo();
  const thisVersion = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

  it('records the version from package.json, and what it wrote', () => {
    const { dir } = editedProject();
    assert.equal(JSON.parse(read(dir, 'leo.json')).leo_version, thisVersion);
    assert.ok(existsSync(join(dir, '.leo/written.json.gz')));
  });

  it('untouched files updated, new files added, edits kept, merged or in conflict, deletions kept', () => {
    const { home, dir } = editedProject();
    const pristineErrors = read(dir, 'iris/errors.py');
    const result = runNewer(newer, ['update', 'iris'], home);
    assert.equal(result.status, 1, `a conflict ends with 1\n${result.output}`);
    const out = result.stdout;
    assert.match(out, line('updated', 'iris/errors.py'));
    assert.match(out, line('added', NEW_FILE));
    assert.match(out, line('merged', 'README.md'));
    assert.match(out, line('conflict', MODEL));
    assert.match(out, /^ {2}kept +pyproject\.toml +base +\(you deleted it; the update changes it, and leaves it deleted\)$/m);
    assert.match(out, /^ {2}untouched +iris\/wsgi\.py +base +\(your edit stands/m);
    assert.doesNotMatch(result.stderr, /cannot tell|no record/);

    assertUpgraded(dir, pristineErrors);

    // The record now holds the newer Leo's files: a second run has nothing to do.
    writeFileSync(join(dir, MODEL), read(dir, MODEL).replace(/<<<<<<< yours\n( +.*\n)=======\n.*\n>>>>>>> leo update\n/, '$1'));
    const again = runNewer(newer, ['update', 'iris'], home);
    assert.equal(again.status, 0, again.output);
    assert.match(again.stdout, /is up to date: nothing written/);
  });

  it('a project from before the record: what Leo cannot tell apart is said, defaults applied, and --choose takes the other way', () => {
    const { home, dir } = editedProject();
    rmSync(join(dir, '.leo'), { recursive: true });
    edit(dir, 'leo.json', /"leo_version": "[^"]*"/, '"leo_version": "0.1.0"');
    const pristineErrors = read(dir, 'iris/errors.py');

    const dry = runNewer(newer, ['update', 'iris', '--dry-run'], home);
    assert.equal(dry.status, 0, dry.output);
    assert.match(dry.stderr, /records Leo 0\.1\.0, and the project has no record of what that Leo wrote/);
    // An untouched file the newer templates changed, and the user's edit, look alike: kept, with the reason.
    assert.match(dry.stdout, /^ {2}kept +iris\/errors\.py +base +\(differs from what this Leo writes: your edit, or an earlier Leo's version: Leo cannot tell\)$/m);
    assert.match(dry.stdout, /^ {2}kept +iris\/wsgi\.py +base +\(differs from what this Leo writes/m);
    // A file new in this Leo and a file the user deleted look alike too: added, never "you deleted it".
    assert.match(dry.stdout, /^ {2}added +iris\/retry\.py +base +\(new in this Leo, or deleted by you: Leo cannot tell\)$/m);
    assert.match(dry.stdout, /^ {2}added +pyproject\.toml +base +\(new in this Leo, or deleted by you/m);
    assert.doesNotMatch(dry.stdout, /you deleted it\)|up to date/);
    assert.match(dry.stderr, /Leo cannot tell \d+ files apart .*--choose PATH/);

    const result = runNewer(newer, ['update', 'iris', '--choose', 'iris/errors.py', '--choose', 'pyproject.toml'], home);
    assert.equal(result.status, 0, result.output);
    assert.match(result.stdout, /^ {2}updated +iris\/errors\.py +base +\(this Leo's version, chosen over yours\)$/m);
    assert.match(result.stdout, /^ {2}kept +pyproject\.toml +base +\(left out: new in this Leo, or deleted by you\)$/m);
    assert.equal(read(dir, 'iris/errors.py'), pristineErrors + NEWER_ERRORS_END);
    assert.equal(existsSync(join(dir, 'pyproject.toml')), false);
    assert.equal(read(dir, NEW_FILE), '"""Retries: new in the newer Leo."""\n');
    assert.ok(read(dir, 'iris/wsgi.py').endsWith(USER_WSGI_END), 'kept by default');
    assert.ok(existsSync(join(dir, '.leo/written.json.gz')), 'the project has a record from now on');

    const wrong = runNewer(newer, ['update', 'iris', '--choose', 'iris/errors.py'], home);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /iris\/errors\.py: Leo knows whether you changed it: there is nothing to choose/);
  });

  it('the same upgrade through the session in a real terminal (tmux): previewed file by file, then written', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const { home, dir } = editedProject();
    const pristineErrors = read(dir, 'iris/errors.py');
    const term = terminal(home, { bin: join(newer, 'bin/leo.js'), args: ['iris'] });
    await term.waitFor(/Project name +iris/);
    await term.press('Enter', /\[2 Components\]/);
    let screen = await term.press('Enter', /\[3 Preview\]/);
    assert.match(screen, /answers unchanged/);
    assert.match(screen, /updated +iris\/errors\.py/);
    assert.match(screen, /added +iris\/retry\.py/);
    assert.match(screen, /merged +README\.md/);
    assert.match(screen, /conflict +iris\/model\.py/);
    assert.match(screen, /kept +pyproject\.toml +base \(you deleted it/);
    assert.equal(JSON.parse(read(dir, 'leo.json')).leo_version, thisVersion, 'nothing written yet');

    screen = await term.press('w', /Done\. Next:/);
    assert.match(screen, /iris updated: \d+ files written, 0 removed/);
    assert.match(screen, /Resolve the conflict markers [\s\S]*? in:\s+iris\/model\.py/);
    // Conflict markers left: the session ends with 1, as leo update does.
    await term.press('Enter', /leo exited with 1/);
    assertUpgraded(dir, pristineErrors);
  });

  it('a project from before the record through the session in a real terminal: c takes this Leo\'s version of one file', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const { home, dir } = editedProject();
    rmSync(join(dir, '.leo'), { recursive: true });
    const pristineErrors = read(dir, 'iris/errors.py');
    const term = terminal(home, { bin: join(newer, 'bin/leo.js'), args: ['iris'] });
    await term.waitFor(/Project name +iris/);
    await term.press('Enter', /\[2 Components\]/);
    let screen = await term.press('Enter', /\[3 Preview\]/);
    assert.match(screen, /no record of what\s+that Leo wrote/);
    for (let i = 0; i < 12 && !/> kept +iris\/errors\.py/.test(screen); i += 1) {
      const before = screen;
      screen = await term.press('Down', (now) => now !== before);
    }
    assert.match(screen, /> kept +iris\/errors\.py +base \(differs from what this Leo writes/);
    await term.press('c', /> updated +iris\/errors\.py +base \(this Leo's version/);
    await term.press('w', /Done\. Next:/);
    await term.press('Enter', /leo exited with 0/);
    assert.equal(read(dir, 'iris/errors.py'), pristineErrors + NEWER_ERRORS_END);
    assert.ok(read(dir, 'iris/wsgi.py').endsWith(USER_WSGI_END), 'the other files Leo cannot tell about are kept');
    assert.ok(read(dir, MODEL).includes(MODEL_EDIT));
    assert.equal(read(dir, NEW_FILE), '"""Retries: new in the newer Leo."""\n');
    assert.ok(existsSync(join(dir, '.leo/written.json.gz')));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
