import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validatePreset } from '../../src/preset/validate.js';
import { fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';
import { runLeo } from '../helpers/leo.js';
import { listTree, tempDir } from '../helpers/tmp.js';

const good = { name: 'iris_classifier', framework: 'flask' };

interface BadCase {
  title: string;
  preset: string | object;
  expect: RegExp;
}

const cases: BadCase[] = [
  { title: 'malformed JSON, with line and column', preset: '{\n  "name": "x",\n  "framework" "flask"\n}', expect: /preset\.json:3:15: malformed JSON/ },
  { title: 'truncated JSON', preset: '{"name": ', expect: /preset\.json:1:10: malformed JSON: unexpected end of input/ },
  { title: 'not an object', preset: '["flask"]', expect: /a preset must be a JSON object, got an array/ },
  { title: 'unknown key', preset: { ...good, colour: 'red' }, expect: /unknown key "colour"; allowed keys: name, leo_version, framework, model/ },
  { title: 'missing name', preset: { framework: 'flask' }, expect: /missing required key "name"/ },
  { title: 'missing framework', preset: { name: 'iris' }, expect: /missing required key "framework" \(one of: flask, falcon\)/ },
  { title: 'name of the wrong type', preset: { ...good, name: 3 }, expect: /"name" must be a string, got number 3/ },
  { title: 'toggle of the wrong type', preset: { ...good, docker: 'yes' }, expect: /"docker" must be true or false, got string "yes"/ },
  { title: 'choice of the wrong type', preset: { ...good, model: ['sklearn'] }, expect: /"model" must be a string, one of: generic, sklearn.*; got an array/ },
  { title: 'unknown choice', preset: { ...good, framework: 'django' }, expect: /"framework": unknown choice "django"; allowed: flask, falcon/ },
  { title: 'leo_version of the wrong type', preset: { ...good, leo_version: 1 }, expect: /"leo_version" must be a string/ },
  { title: 'capital letters', preset: { ...good, name: 'IrisModel' }, expect: /"name": the name must be lower snake_case/ },
  { title: 'leading digit', preset: { ...good, name: '1iris' }, expect: /"name": the name must start with a lowercase letter, not a digit/ },
  { title: 'a dash', preset: { ...good, name: 'iris-model' }, expect: /"name": the name may contain only lowercase letters, digits and underscores/ },
  { title: 'a non-ASCII letter', preset: { ...good, name: 'über' }, expect: /^leo: .*invalid preset\n {2}- "name": non-ASCII letters are not allowed \("ü"\): use a-z, digits and underscores\n$/ },
  {
    title: 'every problem of a name at once',
    preset: { ...good, name: 'My-Name' },
    expect: /\n {2}- "name": the name must be lower snake_case \(no capital letters\)\n {2}- "name": the name may contain only lowercase letters, digits and underscores \(not "-"\)\n$/,
  },
  { title: 'path parts', preset: { ...good, name: '../iris' }, expect: /"name": the name must not contain path parts/ },
  { title: 'a keyword', preset: { ...good, name: 'class' }, expect: /"name": "class" is a Python keyword/ },
  { title: 'a standard library module', preset: { ...good, name: 'json' }, expect: /"name": "json" is a Python standard library module/ },
  { title: 'a dependency', preset: { ...good, name: 'sklearn' }, expect: /"name": "sklearn" is a Python package the generated project may import/ },
  { title: "a framework's own dependency", preset: { ...good, name: 'werkzeug' }, expect: /"name": "werkzeug" is a Python package the generated project may import/ },
  { title: 'a name pytest takes for tests', preset: { ...good, name: 'test_iris' }, expect: /"name": the name must not start with "test"/ },
  { title: 'empty name', preset: { ...good, name: '' }, expect: /"name": the name is empty/ },
  {
    title: 'several problems at once',
    preset: { name: 'Bad', framework: 'django', docker: 1 },
    expect: /lower snake_case[\s\S]*unknown choice "django"[\s\S]*"docker" must be true or false/,
  },
];
describe('a component not built yet', () => {
  // Every component of the real catalog is built: a catalog without Falcon's and Kubernetes'
  // templates stands for one that is not.
  const partial = fixtureCatalog({ base: {}, flask: {}, generic: {}, docker: {} }, fixtureEntries, fixtureCategories);

  it('is refused as a choice, naming what is available now', () => {
    assert.throws(() => validatePreset({ ...good, framework: 'falcon' }, partial, 'preset.json'), (error: Error & { problems: string[] }) => {
      assert.deepEqual(error.problems, ['"framework": "falcon" is not built yet in this version of Leo; available now: flask']);
      return true;
    });
  });

  it('is refused as a toggle', () => {
    assert.throws(() => validatePreset({ ...good, kubernetes: true }, partial, 'preset.json'), (error: Error & { problems: string[] }) => {
      assert.deepEqual(error.problems, ['"kubernetes": true is not built yet in this version of Leo']);
      return true;
    });
  });
});

describe('leo --preset refuses bad input and writes nothing', () => {
  for (const { title, preset, expect } of cases) {
    it(title, () => {
      const home = tempDir();
      const presetFile = join(tempDir(), 'preset.json');
      writeFileSync(presetFile, typeof preset === 'string' ? preset : JSON.stringify(preset));
      const result = runLeo(['--preset', presetFile], home);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, expect);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(listTree(home), []);
    });
  }

  it('a missing preset file', () => {
    const home = tempDir();
    const result = runLeo(['--preset', 'nope.json'], home);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /cannot read preset nope.json: ENOENT/);
    assert.deepEqual(listTree(home), []);
  });

  it('an existing non-empty target folder, unless --force', () => {
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify(good));
    mkdirSync(join(home, 'iris_classifier'));
    writeFileSync(join(home, 'iris_classifier', 'notes.txt'), 'mine');
    const refused = runLeo(['--preset', 'preset.json'], home);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /iris_classifier already exists and is not empty; choose another folder or use --force/);
    assert.deepEqual(listTree(home), ['iris_classifier/', 'iris_classifier/notes.txt', 'preset.json']);

    const forced = runLeo(['--preset', 'preset.json', '--force'], home);
    assert.equal(forced.status, 0, forced.stderr);
    const tree = listTree(home);
    assert.ok(tree.includes('iris_classifier/notes.txt'));
    assert.ok(tree.includes('iris_classifier/leo.json'));
  });
});

describe('leo --preset succeeds', () => {
  it('writes ./<name> by default and prints the next commands', () => {
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify(good));
    const result = runLeo(['--preset', 'preset.json'], home);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /wrote \d+ files to iris_classifier/);
    assert.match(result.stdout, /python iris_classifiercli.py train/);
    assert.ok(listTree(home).includes('iris_classifier/iris_classifier/model.py'));
  });

  it('regenerates the same files byte for byte from the project\'s leo.json, the record of what Leo wrote included', () => {
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ ...good, model: 'sklearn', docker: true }));
    assert.equal(runLeo(['--preset', 'preset.json'], home).status, 0);
    const again = runLeo(['--preset', 'iris_classifier/leo.json', '--out', 'again'], home);
    assert.equal(again.status, 0, again.stderr);
    const files = (dir: string) => new Map(listTree(join(home, dir)).filter((p) => !p.endsWith('/')).map((p) => [p, readFileSync(join(home, dir, p))]));
    const first = files('iris_classifier');
    assert.ok(first.has('.leo/written.json.gz'));
    assert.deepEqual(files('again'), first);
  });

  it('--dry-run prints the tree with the component behind each file and writes nothing', () => {
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ ...good, framework: 'falcon', model: 'sklearn' }));
    const result = runLeo(['--preset', 'preset.json', '--dry-run', '--out', 'elsewhere'], home);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'elsewhere/');
    assert.ok(lines.some((l) => /── app\.py\s+falcon$/.test(l)), result.stdout);
    assert.ok(lines.some((l) => /── model\.py\s+sklearn$/.test(l)), result.stdout);
    assert.ok(lines.some((l) => /── leo\.json\s+base$/.test(l)), result.stdout);
    assert.match(result.stdout, /\d+ files would be written to elsewhere/);
    assert.deepEqual(listTree(home), ['preset.json']);
  });
});

describe('leo command line', () => {
  it('--version prints the package version', () => {
    const result = runLeo(['--version'], tempDir());
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('--help lists the preset options', () => {
    const result = runLeo(['--help'], tempDir());
    assert.equal(result.status, 0);
    assert.match(result.stdout, /--preset FILE \[--out DIR\] \[--force\] \[--dry-run\]/);
  });

  it('unknown options and stray arguments are usage errors', () => {
    assert.equal(runLeo(['--presets', 'x'], tempDir()).status, 2);
    assert.equal(runLeo(['stray'], tempDir()).status, 2);
    const orphan = runLeo(['--dry-run'], tempDir());
    assert.equal(orphan.status, 2);
    assert.match(orphan.stderr, /go with --preset FILE/);
  });

  it('without a terminal, leo points to --preset and exits instead of waiting for keys', () => {
    const result = runLeo([], tempDir());
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs a terminal.*leo --preset FILE/);
  });
});
