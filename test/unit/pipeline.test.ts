import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import { mergeRequirements } from '../../src/pipeline/context.js';
import { LeoError } from '../../src/errors.js';
import { generate, planProject } from '../../src/pipeline/index.js';
import { plan } from '../../src/pipeline/plan.js';
import { RECORD_FILE, readRecord, recordOf } from '../../src/pipeline/record.js';
import { type RenderedFile, render } from '../../src/pipeline/render.js';
import { resolve } from '../../src/pipeline/resolve.js';
import { formatTree } from '../../src/tree.js';
import { applyUpdate } from '../../src/update/apply.js';
import { planCreate } from '../../src/update/update-plan.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';
import { listTree, tempDir } from '../helpers/tmp.js';

const templates = {
  base: {
    'README.md.njk': '# {{ name }} ({{ class_name }})\n{% for r in requirements %}{{ r }}\n{% endfor %}',
    '__name__/__init__.py': 'VALUE = "{{ not rendered }}"\n',
    '__name__cli.py.njk': 'print("{{ name }}")\n',
    'setup.sh': '#!/bin/sh\necho hi\n',
    '__name__/__pycache__/stale.cpython-311.pyc': 'junk',
  },
  flask: { '__name__/app.py.njk': '# {{ framework_label }} {{ has.docker }}\n' },
  falcon: { '__name__/app.py.njk': '# {{ framework_label }}\n' },
  generic: { '__name__/model.py.njk': 'class {{ class_name }}: pass\n' },
  docker: { 'Dockerfile.njk': 'FROM python:{{ python_version }}-slim\n' },
  kubernetes: { 'k8s/app.yaml': 'kind: Deployment\n' },
};
const catalog = fixtureCatalog(templates, fixtureEntries, fixtureCategories);
const answers = (extra: Partial<Answers> = {}) =>
  ({ name: 'iris_demo', framework: 'flask', model: 'generic', monitoring: 'none', docker: false, kubernetes: false, ...extra }) as Answers;

describe('plan', () => {
  it('maps template folders to project paths, sorted, each with its component', () => {
    const { files } = planProject(answers(), catalog, fakeProbe());
    assert.deepEqual(
      files.map((f) => [f.path, f.component]),
      [
        ['README.md', 'base'],
        ['iris_demo/__init__.py', 'base'],
        ['iris_demo/app.py', 'flask'],
        ['iris_demo/model.py', 'generic'],
        ['iris_democli.py', 'base'],
        ['leo.json', 'base'],
        ['setup.sh', 'base'],
      ],
    );
  });

  it('includes the files of components switched on by rules', () => {
    const { files } = planProject(answers({ kubernetes: true }), catalog, fakeProbe());
    const paths = files.map((f) => `${f.path}:${f.component}`);
    assert.ok(paths.includes('Dockerfile:docker'));
    assert.ok(paths.includes('k8s/app.yaml:kubernetes'));
  });

  it('refuses two components writing the same path', () => {
    const clash = fixtureCatalog({ ...templates, generic: { '__name__/app.py.njk': 'x' } }, fixtureEntries, fixtureCategories);
    assert.throws(() => planProject(answers(), clash, fakeProbe()), /two components write iris_demo\/app.py: flask and generic/);
  });

  it('writes the resolved answers and the Leo version into leo.json', () => {
    const r = resolve(answers({ kubernetes: true }), catalog, fakeProbe());
    const file = plan(r, catalog).files.find((f) => f.path === 'leo.json');
    assert.ok(file && file.source.kind === 'text');
    const written = JSON.parse(file.source.text);
    assert.deepEqual(Object.keys(written), ['name', 'framework', 'model', 'monitoring', 'docker', 'kubernetes', 'leo_version']);
    assert.equal(written.docker, true);
  });
});

describe('render', () => {
  it('renders .njk templates with the context and copies other files byte for byte', () => {
    const out = new Map(generate(answers({ docker: true }), catalog, fakeProbe()).rendered.map((f) => [f.path, f]));
    assert.equal(out.get('README.md')?.content.toString(), '# iris_demo (IrisDemo)\nflask==3.1.3\ngunicorn==23.0.0\n');
    assert.equal(out.get('iris_demo/__init__.py')?.content.toString(), 'VALUE = "{{ not rendered }}"\n');
    assert.equal(out.get('iris_demo/app.py')?.content.toString(), '# Flask true\n');
    assert.equal(out.get('Dockerfile')?.content.toString(), 'FROM python:3.11-slim\n');
    assert.equal(out.get('setup.sh')?.executable, true);
    assert.equal(out.get('README.md')?.executable, false);
  });

  it('throws on an undefined variable, naming the file', () => {
    const broken = fixtureCatalog({ ...templates, generic: { '__name__/model.py.njk': '{{ no_such_variable }}' } }, fixtureEntries, fixtureCategories);
    const planned = planProject(answers(), broken, fakeProbe());
    assert.throws(
      () => render(planned, broken),
      (error: unknown) => error instanceof LeoError && /iris_demo\/model.py/.test(error.message) && /undefined/.test(error.message),
    );
  });

  it('throws on a template syntax error, naming the file', () => {
    const broken = fixtureCatalog({ ...templates, generic: { '__name__/model.py.njk': '{% if %}' } }, fixtureEntries, fixtureCategories);
    const planned = planProject(answers(), broken, fakeProbe());
    assert.throws(() => render(planned, broken), /could not render iris_demo\/model.py/);
  });

  it('render passes text files through', () => {
    const planned = planProject(answers(), catalog, fakeProbe());
    const [file] = render({ ...planned, files: [{ path: 'a.txt', component: 'base', source: { kind: 'text', text: 'é\n' } }] }, catalog);
    assert.deepEqual(file?.content, Buffer.from('é\n'));
  });
});

describe('the record of what Leo wrote', () => {
  it('holds every other file as rendered, the same bytes for the same project, and reads back', () => {
    const generated = generate(answers(), catalog, fakeProbe());
    const record = generated.rendered.find((f) => f.path === RECORD_FILE)!;
    const rendered = generated.rendered.filter((f) => f !== record);
    assert.deepEqual(record.content, generate(answers(), catalog, fakeProbe()).rendered.find((f) => f.path === RECORD_FILE)!.content);
    const binary = { path: 'x.bin', component: 'base', content: Buffer.from([0, 0xff, 0xfe, 10]), executable: true };
    const dir = tempDir();
    mkdirSync(join(dir, '.leo'));
    writeFileSync(join(dir, RECORD_FILE), recordOf([...rendered, binary]));
    const expected = [...rendered.filter((f) => f.path !== 'leo.json'), binary];
    assert.deepEqual(readRecord(dir), expected);
  });

  it('a project without one reads as undefined; a damaged one is refused with what to do', () => {
    const dir = tempDir();
    assert.equal(readRecord(dir), undefined);
    mkdirSync(join(dir, '.leo'));
    writeFileSync(join(dir, RECORD_FILE), 'not gzip');
    assert.throws(() => readRecord(dir), /\.leo\/written\.json\.gz in .* is damaged .*delete it/);
  });
});

describe('requirements', () => {
  it('merges, deduplicates and sorts by package name', () => {
    assert.deepEqual(mergeRequirements(['numpy==2.4.6', 'Flask==3.1.3', 'numpy==2.4.6', 'gunicorn==23.0.0']), [
      'Flask==3.1.3',
      'gunicorn==23.0.0',
      'numpy==2.4.6',
    ]);
  });

  it('refuses two different pins of one package', () => {
    assert.throws(() => mergeRequirements(['numpy==2.4.6', 'numpy==2.3.0']), /conflicting requirements: numpy==2.4.6 and numpy==2.3.0/);
  });
});

describe('write: a new project\'s change set, applied', () => {
  const file = (path: string, text: string) => ({ path, component: 'base', content: Buffer.from(text), executable: false });
  const { resolution } = planProject(answers(), catalog, fakeProbe());
  const writeProject = (rendered: RenderedFile[], dir: string, { force, onFile }: { force: boolean; onFile?: (path: string) => void }) =>
    applyUpdate(planCreate(dir, { resolution, rendered }, force), { onFile });

  it('writes a new folder, creating its parents', () => {
    const dir = join(tempDir(), 'a', 'b', 'project');
    const progress: string[] = [];
    writeProject([file('x/y.txt', 'y'), file('z.txt', 'z')], dir, { force: false, onFile: (p) => progress.push(p) });
    assert.deepEqual(listTree(dir), ['x/', 'x/y.txt', 'z.txt']);
    assert.deepEqual(progress, ['x/y.txt', 'z.txt']);
  });

  it('writes into an existing empty folder', () => {
    const dir = tempDir();
    writeProject([file('z.txt', 'z')], dir, { force: false });
    assert.equal(readFileSync(join(dir, 'z.txt'), 'utf8'), 'z');
  });

  it('refuses a non-empty folder without force and changes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    assert.throws(() => writeProject([file('z.txt', 'z')], dir, { force: false }), /already exists and is not empty/);
    assert.deepEqual(listTree(dir), ['keep.txt']);
    assert.deepEqual(readdirSync(join(dir, '..')).filter((p) => p.startsWith(`.${basename(dir)}.leo-`)), []);
  });

  it('with force, replaces generated files and keeps the others', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    writeFileSync(join(dir, 'z.txt'), 'old');
    writeProject([file('z.txt', 'new'), file('sub/w.txt', 'w')], dir, { force: true });
    assert.deepEqual(listTree(dir), ['keep.txt', 'sub/', 'sub/w.txt', 'z.txt']);
    assert.equal(readFileSync(join(dir, 'z.txt'), 'utf8'), 'new');
  });

  it('with force, refuses up front a folder where a file goes', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'z.txt'));
    assert.throws(() => writeProject([file('a.txt', 'a'), file('z.txt', 'new')], dir, { force: true }), /z.txt is a folder/);
    assert.deepEqual(listTree(dir), ['z.txt/']);
  });

  it('a failure half-way leaves nothing behind, not even the parents it created', () => {
    const parent = tempDir();
    const dir = join(parent, 'new', 'project');
    // "a" is written as a file, so "a/b" cannot be: the write fails after the first file.
    assert.throws(() => writeProject([file('a', 'x'), file('a/b', 'y')], dir, { force: false }), /could not write/);
    assert.equal(existsSync(join(parent, 'new')), false);
    assert.deepEqual(listTree(parent), []);
  });

  it('refuses a target that is a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'x');
    assert.throws(() => writeProject([file('a', 'x')], join(dir, 'f'), { force: true }), /exists and is not a folder/);
  });

  it('keeps the executable bit', () => {
    const dir = join(tempDir(), 'p');
    writeProject([{ ...file('run.sh', '#!/bin/sh\n'), executable: true }], dir, { force: false });
    assert.equal(statSync(join(dir, 'run.sh')).mode & 0o777, 0o755);
  });
});

describe('tree', () => {
  it('draws folders first with the contributing component beside each file', () => {
    const lines = formatTree('demo', [
      { path: 'README.md', component: 'base' },
      { path: 'demo/app.py', component: 'flask' },
      { path: 'demo/model.py', component: 'generic' },
      { path: 'tests/test_api.py', component: 'base' },
    ]);
    assert.deepEqual(lines, [
      'demo/',
      '├── demo/',
      '│   ├── app.py       flask',
      '│   └── model.py     generic',
      '├── tests/',
      '│   └── test_api.py  base',
      '└── README.md        base',
    ]);
  });
});
