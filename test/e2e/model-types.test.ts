/**
 * The ready implementations of the Leo interface, one project per model type, as a user would
 * run them: generate, install into a fresh venv from the project's own requirements, train, pass
 * the project's own tests, serve with gunicorn, and compare the answers over HTTP with the
 * library's own predictions on the same rows, loaded from the same file.
 *
 * PyPI's PyTorch is a CUDA build of about 5 GB, which does not fit CI's time: there the pytorch
 * project's loading, prediction and API run against a stand-in of PyTorch (stand-ins/torch),
 * and `LEO_TEST_PYTORCH=1 npm test -- model-types` tests it for real like the others.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalog, requirementName } from '../../src/catalog/index.js';
import { projectNames } from '../../src/pipeline/index.js';
import { runLeo } from '../helpers/leo.js';
import { checkHealthWhilePredicting } from '../helpers/load.js';
import { checkOpenInferenceProtocol, tritonClient } from '../helpers/oip.js';
import { type Server, type Venv, freePort, freshVenv, inVenv, startServer } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

const STAND_INS = fileURLToPath(new URL('stand-ins', import.meta.url));
const CLASSES = ['setosa', 'versicolor', 'virginica'];
// Iris rows of each species, one near a class boundary, one of integers.
const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
  [5.9, 3.0, 4.2, 1.5],
  [6.0, 2.2, 5.0, 1.5],
  [4.4, 2.9, 1.4, 0.2],
  [7, 3, 6, 2],
];
// The service rounds probabilities to 6 decimals and predicts row by row; the library here
// predicts the whole batch in float32.
const TOLERANCE = 2e-6;

/** The library's own predictions: the model file loaded and run by the library alone, not by the Leo class. */
const ownPredictions: Record<string, (name: string) => string> = {
  xgboost: () => `
import xgboost as xgb
booster = xgb.Booster()
booster.load_model(path)
probabilities = booster.predict(xgb.DMatrix(np.asarray(rows, dtype=np.float32), feature_names=booster.feature_names))`,
  lightgbm: () => `
import lightgbm as lgb
probabilities = lgb.Booster(model_file=path).predict(np.asarray(rows, dtype=np.float64))`,
  onnx: () => `
import onnxruntime as ort
session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
(probabilities,) = session.run(["probabilities"], {session.get_inputs()[0].name: np.asarray(rows, dtype=np.float32)})`,
  keras: () => `
import keras
probabilities = keras.saving.load_model(path).predict_on_batch(np.asarray(rows, dtype=np.float32))`,
  // A state dict needs the module class that made it: the project's.
  pytorch: (name) => `
import torch
from ${name}.model import Network
network = Network()
network.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
probabilities = network(torch.tensor(rows, dtype=torch.float32)).softmax(dim=1).tolist()`,
};

function libraryPredictions(venv: Venv, project: string, name: string, model: string, modelFile: string, env: NodeJS.ProcessEnv = {}): number[][] {
  const script = `import json, sys\nimport numpy as np\nrows, path = json.loads(sys.argv[1]), sys.argv[2]\n${ownPredictions[model]!(name)}\nprint(json.dumps(np.asarray(probabilities, dtype=np.float64).tolist()))`;
  return JSON.parse(inVenv(venv, project, 'python', ['-c', script, JSON.stringify(ROWS), join('models', modelFile)], env)) as number[][];
}

async function predict(url: string, inputs: unknown) {
  return predictRaw(url, JSON.stringify({ inputs }));
}

async function predictRaw(url: string, body: string) {
  const response = await fetch(`${url}/predict`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

/** Generates the project in `home`, a folder made by tempDir() at describe time (so removed after the file). */
function generate(home: string, name: string, framework: string, model: string): string {
  writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework, model }));
  const generated = runLeo(['--preset', 'preset.json'], home);
  assert.equal(generated.status, 0, generated.stderr);
  return join(home, name);
}

/** The HTTP checks every model type gets, real or stand-in: answers equal the library's own, and wrong rows get a 422. */
function servingChecks(project: () => { project: string; venv: Venv; name: string; env: NodeJS.ProcessEnv }, model: string, modelFile: string) {
  let server: Server;
  let client: Venv;
  before(() => {
    client = tritonClient();
  });
  after(async () => server?.stop());

  it("serves, under gunicorn with 2 workers, the library's own predictions on the same rows", async () => {
    const { project: dir, venv, name, env } = project();
    const port = await freePort();
    server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
      cwd: dir,
      port,
      readyPath: '/health/ready',
      // TensorFlow takes seconds to import in each worker.
      timeoutMs: 120_000,
      env: { ...env, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2' },
    });
    const ready = await fetch(`${server.url}/health/ready`);
    assert.equal(ready.status, 200, await ready.text());
    const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as Record<string, any>;
    assert.equal(metadata.type, model);

    const own = libraryPredictions(venv, dir, name, model, modelFile, env);
    const { status, json } = await predict(server.url, ROWS);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.predictions.length, ROWS.length);
    json.predictions.forEach((prediction: { label: string; probabilities: Record<string, number> }, i: number) => {
      const row = own[i]!;
      assert.deepEqual(Object.keys(prediction.probabilities), CLASSES);
      assert.equal(prediction.label, CLASSES[row.indexOf(Math.max(...row))], `row ${i}: ${JSON.stringify(prediction)} vs ${row}`);
      CLASSES.forEach((label, j) => {
        assert.ok(Math.abs(prediction.probabilities[label]! - row[j]!) <= TOLERANCE, `row ${i}, ${label}: ${prediction.probabilities[label]} vs ${row[j]}`);
      });
    });
    // One row at a time, spread over both workers: the same answer as in the batch.
    const single = await Promise.all(ROWS.map((row) => predict(server.url, [row])));
    assert.deepEqual(single.map((r) => r.json.predictions[0]), json.predictions);
  });

  it('answers the Open Inference Protocol to tritonclient and mlserver infer alike, bad requests refused', async () => {
    await checkOpenInferenceProtocol(client, server.url, ROWS);
  });

  it('keeps /health/live answering while 8 clients have it predict 1,000 rows each', async (t) => {
    await checkHealthWhilePredicting(t, server.url);
  });

  it('answers a row of the wrong shape or type with 422, saying what it expected', async () => {
    const cases: [unknown, RegExp][] = [
      [[[5.1, 3.5, 1.4]], /inputs\[0\] must be a list of 4 numbers \(sepal_length_cm, .*\), got 3 values/],
      [[ROWS[0], [...ROWS[0]!, 1]], /inputs\[1\] must be a list of 4 numbers .*, got 5 values/],
      [[[5.1, 3.5, 1.4, 'wide']], /inputs\[0\] must be a list of 4 numbers .*, got a string/],
      [[[ROWS[0]]], /inputs\[0\] must be a list of 4 numbers .*, got 1 values/],
      [[{ sepal_length_cm: 5.1 }], /inputs\[0\] must be a list of 4 numbers .*, got an? object/],
    ];
    for (const [inputs, message] of cases) {
      const { status, json } = await predict(server.url, inputs);
      assert.equal(status, 422, JSON.stringify(json));
      assert.equal(json.error.code, 'invalid_input');
      assert.match(json.error.message, message);
    }
  });

  it("answers numbers beyond the model's number type with a 422 in its own words, never a 500 or a library's trace", async () => {
    const bodies = [
      `{"inputs": [[1${'0'.repeat(400)}, 1, 1, 1]]}`, // no float holds it
      '{"inputs": [[1e308, 1e308, 1e308, 1e308]]}',
      '{"inputs": [[1.7976931348623157e308, 1, 1, 1]]}',
      '{"inputs": [[3.5e38, 1, 1, 1]]}', // beyond float32
      '{"inputs": [[-3.4e38, 3.4e38, 1, 1]]}', // within float32, overflowing inside the model
    ];
    for (const body of bodies) {
      const { status, json } = await predictRaw(server.url, body);
      if (status === 200) {
        for (const prediction of json.predictions) for (const p of Object.values(prediction.probabilities)) assert.ok(Number.isFinite(p), body);
        continue;
      }
      assert.equal(status, 422, `${body}: ${JSON.stringify(json)}`);
      assert.equal(json.error.code, 'invalid_input');
      assert.doesNotMatch(json.error.message, /\/[a-z]+\/|0x[0-9a-f]+|Stack trace|Traceback|\.(cc|cpp|h):\d+/i, body);
    }
    // Beyond float32 is refused by validation, for the models computing in float32.
    if (['xgboost', 'onnx', 'keras', 'pytorch'].includes(model)) {
      const { status, json } = await predictRaw(server.url, '{"inputs": [[3.5e38, 1, 1, 1]]}');
      assert.equal(status, 422);
      assert.match(json.error.message, /inputs\[0\] must contain finite numbers of magnitude at most 3\.403e\+38/);
    }
  });
}

const realTypes = [
  { model: 'xgboost', framework: 'flask' },
  { model: 'lightgbm', framework: 'falcon' },
  { model: 'onnx', framework: 'flask' },
  { model: 'keras', framework: 'falcon' },
  ...(process.env.LEO_TEST_PYTORCH === '1' ? [{ model: 'pytorch', framework: 'flask' }] : []),
];

for (const { model, framework } of realTypes) {
  const modelFile = catalog.get(model).modelFile!;
  describe(`generated ${model} project, with the real library`, { concurrency: false }, () => {
    const name = `${model}_svc`;
    const home = tempDir(`leo-${model}-`);
    let project: string;
    let venv: Venv;

    before(() => {
      project = generate(home, name, framework, model);
      venv = freshVenv(project, 'requirements-dev.txt');
    });

    it(`trains its example model into models/${modelFile}, with its digest, and passes its own tests`, () => {
      const trained = inVenv(venv, project, 'python', [`${name}cli.py`, 'train']);
      assert.match(trained, /accuracy on a held-out split: (0\.9|1\.0)/);
      const digest = readFileSync(join(project, 'models', `${modelFile}.sha256`), 'utf8');
      assert.match(digest, new RegExp(`^[0-9a-f]{64}  ${modelFile.replace('.', '\\.')}\\n$`));
      const tests = spawnSync(venv.bin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project, encoding: 'utf8' });
      assert.equal(tests.status, 0, tests.stdout + tests.stderr);
      assert.match(tests.stdout, /\d+ passed/);
      assert.doesNotMatch(tests.stdout, /skipped|failed|error/);
    });

    servingChecks(() => ({ project, venv, name, env: {} }), model, modelFile);
  });
}

if (process.env.LEO_TEST_PYTORCH !== '1') {
  describe('generated pytorch project, against a stand-in of PyTorch', { concurrency: false }, () => {
    const model = 'pytorch';
    const modelFile = catalog.get(model).modelFile!;
    const name = 'pytorch_svc';
    const env = { PYTHONPATH: STAND_INS };
    const home = tempDir(`leo-${model}-`);
    let project: string;
    let venv: Venv;

    before(() => {
      project = generate(home, name, 'flask', model);
      // Everything the service needs but PyTorch, which the stand-in replaces.
      const requirements = readFileSync(join(project, 'requirements.txt'), 'utf8').split('\n');
      const withoutTorch = requirements.filter((line) => requirementName(line) !== 'torch');
      assert.equal(withoutTorch.length, requirements.length - 1, 'requirements.txt pins torch');
      writeFileSync(join(project, 'requirements-stand-in.txt'), withoutTorch.join('\n'));
      venv = freshVenv(project, 'requirements-stand-in.txt');
    });

    it('loads, with weights_only, a state dict saved for its Network class, and refuses one of another shape', () => {
      // Small random weights in the stand-in's format, with the digest the service checks.
      const save = (file: string, hidden: number) => inVenv(venv, project, 'python', ['-c', `
import io
from pathlib import Path
import numpy as np
import torch
from ${name} import artifacts
from ${name}.model import Network
rng = np.random.default_rng(7)
state = {key: (0.5 * rng.standard_normal(value.shape)).astype(np.float32) for key, value in Network(hidden=${hidden}).state_dict().items()}
buffer = io.BytesIO()
torch.save(state, buffer)
artifacts.save_bytes(buffer.getvalue(), Path("models/${file}"))`], env);
      save(modelFile, 16);
      save('other.pt', 8);
      const load = (file: string) =>
        spawnSync(venv.bin('python'), ['-c', `from pathlib import Path\nfrom ${name}.model import ${projectNames(name).className}\n${projectNames(name).className}().load_model(Path("models/${file}"))`], {
          cwd: project,
          env: { ...process.env, ...env },
          encoding: 'utf8',
        });
      assert.equal(load(modelFile).status, 0, load(modelFile).stderr);
      const other = load('other.pt');
      assert.notEqual(other.status, 0);
      assert.match(other.stderr, /size mismatch for 0\.weight/);
    });

    servingChecks(() => ({ project, venv, name, env }), model, modelFile);
  });
}
