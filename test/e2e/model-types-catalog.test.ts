/**
 * What the model types put in a generated project, checked without Python: the catalog's pins,
 * the model file each one names, training-only requirements, and the README's section on each.
 * model-types.test.ts runs the projects themselves.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalog, requirementName } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { inMemory } from '../helpers/generate.js';

const STAND_INS = fileURLToPath(new URL('stand-ins', import.meta.url));

/** The project of a model type, generated in process: for what needs no Python. */
function files(model: string): Map<string, string> {
  const answers = validatePreset({ name: `${model}_files`, framework: 'flask', model, docker: true }, catalog, 'test');
  return inMemory(answers, catalog, fakeProbe(['docker'])).text;
}

describe('model types in the catalog and their generated files', () => {
  const types = catalog.choices('model').filter((c) => c.available);
  const libraries = new Set(types.flatMap((c) => [...(c.python ?? []), ...(c.trainingPython ?? [])].map(requirementName)));

  it('offers every model type of the brief, each with its templates', () => {
    assert.deepEqual(types.map((c) => c.id), ['generic', 'sklearn', 'xgboost', 'lightgbm', 'onnx', 'pytorch', 'keras']);
  });

  for (const component of types) {
    it(`${component.id}: requirements.txt holds its own library and no other model type's`, () => {
      const project = files(component.id);
      const pinned = project.get('requirements.txt')!.split('\n').filter((line) => line && !line.startsWith('#'));
      for (const line of component.python ?? []) assert.ok(pinned.includes(line), `${line} is not pinned`);
      const own = new Set((component.python ?? []).map(requirementName));
      const foreign = pinned.map(requirementName).filter((n) => libraries.has(n) && !own.has(n));
      assert.deepEqual(foreign, []);
    });

    it(`${component.id}: the model file, models/${component.modelFile ?? 'model.pkl'}, is the default path, in the image and in the README`, () => {
      const modelFile = component.modelFile ?? 'model.pkl';
      const project = files(component.id);
      const name = `${component.id}_files`;
      assert.match(project.get(`${name}/config.py`)!, new RegExp(`^DEFAULT_MODEL_PATH = Path\\("models/${modelFile.replace('.', '\\.')}"\\)$`, 'm'));
      assert.match(project.get('Dockerfile')!, new RegExp(`^COPY models/${modelFile} models/${modelFile}\\.sha256 models/$`, 'm'));
      assert.match(project.get('Dockerfile')!, new RegExp(`MODEL_PATH=/app/models/${modelFile}`));
      assert.match(project.get('.dockerignore')!, new RegExp(`^!models/${modelFile}$`, 'm'));
      assert.match(project.get('README.md')!, new RegExp(`sha256sum ${modelFile} > ${modelFile}\\.sha256`));
    });
  }

  it('keeps training-only requirements out of requirements.txt and the image, in requirements-train.txt', () => {
    const onnx = files('onnx');
    const training = catalog.get('onnx').trainingPython!;
    assert.deepEqual(training.map(requirementName).sort(), ['onnx', 'scikit-learn', 'scipy', 'skl2onnx']);
    const runtime = onnx.get('requirements.txt')!.split('\n').map(requirementName);
    for (const line of training) assert.ok(!runtime.includes(requirementName(line)), `${line} in requirements.txt`);
    const train = onnx.get('requirements-train.txt')!;
    assert.match(train, /^-r requirements\.txt$/m);
    for (const line of training) assert.match(train, new RegExp(`^${line}$`, 'm'));
    assert.match(onnx.get('requirements-dev.txt')!, /^-r requirements-train\.txt$/m);
    assert.match(onnx.get('README.md')!, /pip install -r requirements-train\.txt/);
    assert.match(onnx.get('Dockerfile')!, /--requirement \/tmp\/requirements\.txt/);
    assert.doesNotMatch(onnx.get('Dockerfile')!, /requirements-train/);
    // Without training-only requirements there is no such file, and nothing points to one.
    const xgboost = files('xgboost');
    assert.equal(xgboost.has('requirements-train.txt'), false);
    assert.match(xgboost.get('requirements-dev.txt')!, /^-r requirements\.txt$/m);
  });

  it('refuses a project named after a library a model type imports, training ones included', () => {
    for (const taken of ['xgboost', 'lightgbm', 'onnxruntime', 'skl2onnx', 'torch', 'tensorflow', 'keras']) {
      assert.throws(() => validatePreset({ name: taken, framework: 'flask' }, catalog, 'test'), new RegExp(`"${taken}" is a Python package`), taken);
    }
  });

  it('gives the README a section on the model type, and on PyTorch, the stand-in that CI tests it with', () => {
    for (const [model, heading] of [['xgboost', 'XGBoost'], ['lightgbm', 'LightGBM'], ['onnx', 'ONNX Runtime'], ['pytorch', 'PyTorch'], ['keras', 'TensorFlow / Keras']]) {
      assert.match(files(model!).get('README.md')!, new RegExp(`^### ${heading}$`, 'm'), model);
    }
    const pytorch = files('pytorch').get('README.md')!;
    assert.match(pytorch, /stand-in of\s+PyTorch's API/);
    assert.match(pytorch, /^pip install torch==2\.15\.0 --index-url \S+\/cpu$/m);
    assert.ok(existsSync(join(STAND_INS, 'torch', '__init__.py')));
  });
});
