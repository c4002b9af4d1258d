import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import { type Component, catalog } from '../../src/catalog/index.js';
import { templateContext } from '../../src/pipeline/context.js';
import { planProject } from '../../src/pipeline/index.js';
import { inMemory } from '../helpers/generate.js';
import { resolve } from '../../src/pipeline/resolve.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';
import { instructions } from '../helpers/checks/dockerfile.js';

// A component may play another category's part (`replaces`): Spark brings its own model and
// training code, so the model type chosen beside it is left out rather than clashing with it.
const categories = [...fixtureCategories, { id: 'spark' as const, label: 'Spark', kind: 'toggle' as const, required: false, description: 'spark' }];
const entries: Component[] = [
  ...fixtureEntries,
  { id: 'sklearn', category: 'model', label: 'scikit-learn', explanation: 'sklearn', python: ['scikit-learn==1.9.1'] },
  {
    id: 'spark',
    category: 'spark',
    label: 'Spark',
    explanation: 'spark',
    replaces: 'model',
    modelFile: 'model.zip',
    python: ['pyspark==4.3.0'],
    imageEnvironment: { JAVA_HOME: '/usr/lib/jvm/default-java' },
  },
];
const templates = {
  base: { 'model-is.txt.njk': '{{ model }} {{ model_label }} {{ model_file }}\n' },
  flask: {},
  generic: { 'pkg/model.py': 'generic\n', 'pkg/example_model.py': 'generic\n' },
  sklearn: { 'pkg/model.py': 'sklearn\n' },
  spark: { 'pkg/model.py': 'spark\n', 'pkg/spark.py': 'spark\n' },
};
const fixture = fixtureCatalog(templates, entries, categories);
const answers = (extra: Partial<Answers> = {}) =>
  ({ name: 'demo', framework: 'flask', model: 'generic', monitoring: 'none', docker: false, kubernetes: false, spark: false, ...extra }) as Answers;
const ids = (r: { components: { id: string }[] }) => r.components.map((c) => c.id);

describe('a component that replaces a category (Spark and the model type)', () => {
  it('leaves out the default model type without a word', () => {
    const r = resolve(answers({ spark: true }), fixture, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'spark']);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.answers.model, 'generic');
  });

  it('leaves out a chosen model type with a warning, and keeps the choice in the answers', () => {
    const r = resolve(answers({ spark: true, model: 'sklearn' }), fixture, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'spark']);
    assert.deepEqual(r.warnings, ['Spark takes the place of the model type: scikit-learn is left out.']);
    assert.equal(r.answers.model, 'sklearn');
    // The recorded answers build the same project; with Spark off, the choice is back.
    assert.deepEqual(ids(resolve(r.answers, fixture, fakeProbe(['docker']))), ids(r));
    assert.deepEqual(ids(resolve({ ...r.answers, spark: false }, fixture, fakeProbe(['docker']))), ['base', 'flask', 'sklearn']);
  });

  it('changes nothing while it is off', () => {
    const r = resolve(answers({ model: 'sklearn' }), fixture, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'sklearn']);
    assert.equal(r.answers.model, 'sklearn');
  });

  it('writes the files of the part it plays, with no clash and nothing left from the replaced one', () => {
    const { files, text: rendered } = inMemory(answers({ spark: true, model: 'sklearn' }), fixture, fakeProbe());
    assert.deepEqual(
      files.map((f) => [f.path, f.component]),
      [['leo.json', 'base'], ['model-is.txt', 'base'], ['pkg/model.py', 'spark'], ['pkg/spark.py', 'spark']],
    );
    assert.equal(rendered.get('model-is.txt'), 'spark Spark model.zip\n');
    assert.equal(JSON.parse(rendered.get('leo.json')!).model, 'sklearn');
  });

  it('brings its requirements and image variables, and drops the replaced one\'s', () => {
    const context = templateContext(planProject(answers({ spark: true, model: 'sklearn' }), fixture, fakeProbe()), fixture);
    assert.deepEqual(context.requirements, ['flask==3.1.3', 'gunicorn==23.0.0', 'pyspark==4.3.0']);
    assert.deepEqual(context.image_env, [{ name: 'JAVA_HOME', value: '/usr/lib/jvm/default-java' }]);
  });
});

describe('the Spark component in the real catalog', () => {
  const generate = (extra: Partial<Answers>) => inMemory(answers(extra), catalog, fakeProbe(['docker', 'java']));

  it('replaces the model type\'s code with its own and pins pyspark instead', () => {
    const { resolution, text } = generate({ spark: true, model: 'sklearn' });
    assert.deepEqual(resolution.warnings, ['Spark takes the place of the model type: scikit-learn is left out.']);
    for (const file of ['spark.py', 'data.py', 'model.py', 'train.py']) assert.ok(text.has(`demo/${file}`), file);
    assert.match(text.get('demo/model.py')!, /PipelineModel/);
    assert.match(text.get('requirements.txt')!, /^pyspark==\S+$/m);
    assert.doesNotMatch(text.get('requirements.txt')!, /scikit-learn/);
    assert.match(text.get('demo/config.py')!, /models\/model\.zip/);
  });

  it('puts a Java runtime and JAVA_HOME in the image, and gives workers time to start their JVM', () => {
    const { text } = generate({ spark: true, docker: true });
    const dockerfile = instructions(text.get('Dockerfile')!);
    const final = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'));
    assert.ok(final.some((i) => i.keyword === 'RUN' && /apt-get install .*\bdefault-jre-headless\b/.test(i.args)));
    assert.ok(final.some((i) => i.keyword === 'ENV' && i.args.includes('JAVA_HOME="/usr/lib/jvm/default-java"')));
    assert.ok(final.some((i) => i.keyword === 'COPY' && i.args === 'models/model.zip models/model.zip.sha256 models/'));
    assert.match(text.get('docker-compose.yml')!, /GUNICORN_TIMEOUT: "60"/);
  });

  it('leaves the image without Java when Spark is off', () => {
    const { text } = generate({ docker: true });
    assert.doesNotMatch(text.get('Dockerfile')!, /jre|JAVA_HOME/);
  });
});
