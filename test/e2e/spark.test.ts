/**
 * Spark end to end, for each framework, as a user would: generate with `"spark": true`, install
 * into a fresh venv from the project's own requirements, train (the evaluator's metric printed
 * and saved with the model), run the project's own tests, serve with gunicorn, and compare the
 * predictions over HTTP with PipelineModel.transform on the same rows: served in-process with no
 * JVM beside the workers, and through Spark (a JVM per worker) when asked to. `score` runs on
 * Spark with local[2] and agrees with the single-process engine; the Kubernetes Job that runs it
 * is a valid manifest. Importing the package and /health/live start no JVM. The two projects
 * proceed side by side: each keeps about one core busy (Python and its JVM take turns), so their
 * child processes are run without blocking.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { modelProblems } from '../helpers/checks/kubernetes.js';
import { checkOpenInferenceProtocol, tritonClient } from '../helpers/oip.js';
import { runLeo } from '../helpers/leo.js';
import { type Server, type Venv, freePort, python, startProcess, startServer } from '../helpers/python.js';
import { runAsync, waitFor } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { hasCommand, requireTools } from '../helpers/tools.js';

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
  [5.9, 3.0, 4.2, 1.5],
  [6.3, 2.8, 5.1, 1.5],
];
const MODEL = 'models/model.zip';
// What compose and Kubernetes give the API container: a JVM's start-up needs more than gunicorn's default.
const { GUNICORN_TIMEOUT } = catalog.get('spark').environment!;

// The reference: the archived PipelineModel loaded by plain pyspark, none of the project's code.
const TRANSFORM = `
import json, sys, tempfile, zipfile
from pyspark.ml import PipelineModel
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
with tempfile.TemporaryDirectory() as folder:
    zipfile.ZipFile(sys.argv[1]).extractall(folder)
    pipeline = PipelineModel.load(folder + "/pipeline")
classes = pipeline.stages[-1].getLabels()
schema = "sepal_length_cm double, sepal_width_cm double, petal_length_cm double, petal_width_cm double"
frame = spark.createDataFrame([[float(v) for v in row] for row in json.loads(sys.argv[2])], schema)
print(json.dumps([{"label": row.predicted_label, "probabilities": dict(zip(classes, row.probability.toArray().tolist()))}
                  for row in pipeline.transform(frame).collect()]))
`;

interface Prediction {
  label: string;
  probabilities: Record<string, number>;
}

/** Served predictions against the reference: the same labels, probabilities rounded to 6 decimals. */
function assertMatches(served: unknown[], expected: unknown[]): void {
  assert.equal(served.length, expected.length);
  (served as Prediction[]).forEach((prediction, index) => {
    const reference = expected[index] as Prediction;
    assert.equal(prediction.label, reference.label);
    assert.deepEqual(Object.keys(prediction.probabilities), Object.keys(reference.probabilities));
    for (const [name, value] of Object.entries(reference.probabilities)) {
      assert.ok(Math.abs(prediction.probabilities[name]! - value) <= 5e-7 + 1e-12, `${name}: ${prediction.probabilities[name]} vs ${value}`);
    }
  });
}

/** The rows of every CSV part file in a folder Spark wrote, by their id column. */
function csvFolder(folder: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.csv')).sort()) {
    for (const line of readFileSync(join(folder, file), 'utf8').trim().split(/\r?\n/).slice(1)) rows.set(line.split(',')[0]!, line);
  }
  return rows;
}

if (requireTools && !hasCommand('java')) throw new Error('java is required (LEO_REQUIRE_TOOLS=1) but not on PATH');

/** Runs a command without blocking the event loop, failing with the output unless it succeeds; its standard output. */
async function check(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { status, stdout, stderr } = await runAsync(command, args, { cwd, env });
  assert.equal(status, 0, `${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  return stdout;
}

/** The JVMs in a server's process group: one per gunicorn worker that has started Spark. */
function jvms(server: Server): number {
  const ps = spawnSync('ps', ['-e', '-o', 'pgid=,comm='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.trim().split(/\s+/).join(' ') === `${server.pid} java`).length;
}

async function predict(server: Server, inputs: number[][]): Promise<unknown[]> {
  const response = await fetch(`${server.url}/predict`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ inputs }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { predictions: unknown[] }).predictions;
}

// One install at a time: the second finds the pyspark wheel that the first built in pip's cache.
let installing: Promise<unknown> = Promise.resolve();

describe('generated Spark projects', { concurrency: true, skip: !hasCommand('java') && 'java is not installed' }, () => {
  for (const framework of ['flask', 'falcon']) {
    const name = `spark_${framework}_svc`;
    describe(`generated ${framework} + Spark project`, { concurrency: false }, () => {
      const project = join(tempDir('leo-e2e-spark-'), name);
      const bin = (command: string) => join(project, '.venv', 'bin', command);
      let server: Server | undefined;
      let client: Venv;
      // The reference predictions, computed once: each computation starts a JVM.
      let reference: Promise<unknown[]> | undefined;
      const transformed = () =>
        (reference ??= check(bin('python'), ['-c', TRANSFORM, MODEL, JSON.stringify(ROWS)], project).then((out) => JSON.parse(out) as unknown[]));
      const serve = async (env: Record<string, string>) => {
        await server?.stop();
        const port = await freePort();
        server = await startServer(bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
          cwd: project,
          port,
          timeoutMs: 120_000,
          env: { HOST: '127.0.0.1', PORT: String(port), GUNICORN_TIMEOUT, ...env },
        });
        return server;
      };

      /** Ready, and equal to the reference: a batch, then its rows sent at once, one request each (spread
       * over the workers, gathered into shared model calls by adaptive batching): each gets its own. */
      const assertServesTheReference = async (running: Server) => {
        const ready = await fetch(`${running.url}/health/ready`);
        assert.equal(ready.status, 200, await ready.text());
        const expected = await transformed();
        assertMatches(await predict(running, ROWS), expected);
        const one = await Promise.all(ROWS.map((row) => predict(running, [row])));
        one.forEach((prediction, index) => assertMatches(prediction, [expected[index]]));
      };

      before(async () => {
        client = tritonClient();
        const home = join(project, '..');
        writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework, spark: true, kubernetes: true }));
        const generated = runLeo(['--preset', 'preset.json'], home);
        assert.equal(generated.status, 0, generated.stderr);
        // A fresh venv from the project's own requirements.
        await check(python, ['-m', 'venv', '.venv'], project);
        const install = installing.then(() =>
          check(bin('python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', 'requirements-dev.txt'], project),
        );
        installing = install.catch(() => undefined);
        await install;
      });
      after(async () => server?.stop());

      it('trains a Pipeline, prints the evaluator\'s metric and saves it with the model and its digest', async () => {
        const trained = await check(bin('python'), [`${name}cli.py`, 'train'], project);
        const printed = Number(/accuracy on a held-out split: (\d\.\d+)/.exec(trained)?.[1]);
        assert.ok(printed >= 0.85, trained);
        const digest = createHash('sha256').update(readFileSync(join(project, MODEL))).digest('hex');
        assert.equal(readFileSync(join(project, `${MODEL}.sha256`), 'utf8'), `${digest}  model.zip\n`);
        const saved = JSON.parse(
          await check(bin('python'), ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("evaluation.json").decode())', MODEL], project),
        );
        assert.equal(saved.metric, 'accuracy');
        assert.equal(saved.value.toFixed(4), printed.toFixed(4));
      });

      it('passes its own tests', async () => {
        const tests = await check(bin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], project);
        assert.match(tests, /\d+ passed/);
        assert.doesNotMatch(tests, /skipped|failed|error/);
      });

      it('answers /health/live without starting a JVM, and is not ready without a model', async () => {
        const running = await serve({ WEB_CONCURRENCY: '1', MODEL_PATH: join(project, 'models', 'absent.zip') });
        assert.equal((await fetch(`${running.url}/health/live`)).status, 200);
        assert.equal((await fetch(`${running.url}/health/ready`)).status, 503);
        assert.equal(jvms(running), 0);
      });

      it('serves predictions equal to PipelineModel.transform in-process, with no JVM beside its 2 workers', async () => {
        const running = await serve({ WEB_CONCURRENCY: '2' });
        await assertServesTheReference(running);
        assert.equal(jvms(running), 0);
        assert.match(running.logs(), /serving the pipeline in-process, without Spark/);
        const metadata = (await (await fetch(`${running.url}/metadata`)).json()) as Record<string, unknown>;
        assert.equal(metadata.type, 'spark');
      });

      it('answers the Open Inference Protocol to tritonclient and mlserver infer alike, bad requests refused', async () => {
        await checkOpenInferenceProtocol(client, server!.url, ROWS);
      });

      it('serves through Spark, a JVM per worker, with SERVE_WITH_SPARK=true, and says so', async () => {
        const running = await serve({ WEB_CONCURRENCY: '1', SERVE_WITH_SPARK: 'true' });
        await assertServesTheReference(running);
        // Numbers that overflow in the JVM's arithmetic: an answer in the JSON envelope, never a 500.
        const extreme = await fetch(`${running.url}/predict`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ inputs: [[1e308, -1e308, 1e308, -1e308]] }),
        });
        const answer = await extreme.text();
        assert.ok(extreme.status === 200 || extreme.status === 422, `${extreme.status} ${answer}`);
        assert.ok('predictions' in JSON.parse(answer) || /not a finite number/.test(answer), answer);
        await waitFor(() => jvms(running) === 1, () => `1 JVM, found ${jvms(running)}`, 60_000);
        assert.match(running.logs(), /serving the pipeline through Spark, one Spark job per prediction: SERVE_WITH_SPARK is set/);
        await running.stop();
      });

      it('scores a CSV on Spark with local[2] as the single-process engine does, bad rows set aside', async () => {
        const lines = ['id,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm'];
        for (let index = 0; index < 200; index += 1) lines.push(`${index},${ROWS[index % ROWS.length]!.map((v) => (v + (index % 7) / 10).toFixed(2)).join(',')}`);
        lines.push('bad,a,b,c,d', 'short,1,2');
        writeFileSync(join(project, 'rows.csv'), `${lines.join('\n')}\n`);
        const spark = await check(bin('python'), [`${name}cli.py`, 'score', '--master', 'local[2]', 'rows.csv', 'spark-out.csv'], project);
        assert.match(spark, /scored 200 of 202 rows, 2 rejected/);
        const local = await check(bin('python'), [`${name}cli.py`, 'score', '--engine', 'local', 'rows.csv', 'local-out.csv'], project);
        assert.match(local, /scored 200 of 202 rows, 2 rejected/);
        const [header, ...localLines] = readFileSync(join(project, 'local-out.csv'), 'utf8').trim().split(/\r?\n/);
        assert.equal(header, 'id,label,probabilities');
        const onSpark = csvFolder(join(project, 'spark-out.csv'));
        assert.equal(onSpark.size, 200);
        for (const line of localLines) assert.equal(onSpark.get(line.split(',')[0]!), line);
        const rejected = readdirSync(join(project, 'spark-out.csv.rejected.csv')).filter((file) => file.endsWith('.csv'))
          .map((file) => readFileSync(join(project, 'spark-out.csv.rejected.csv', file), 'utf8')).join('');
        assert.match(rejected, /rows\.csv,,bad,/);
        assert.match(rejected, /rows\.csv,,short,/);
      });

      // Once: a standalone cluster is two more JVMs, and the frameworks do not change what Spark runs.
      if (framework === 'flask') it('on a standalone Spark cluster of 2 workers: spark-submit trains, and score agrees with local mode', async () => {
        const { master, workDirs, stop } = await standaloneCluster(bin('python'), project);
        try {
          // The README's commands, with the cluster's URL: training under spark-submit, then scoring on it.
          const submit = join(await sparkHome(bin('python')), 'bin', 'spark-submit');
          const driver = { PYSPARK_PYTHON: bin('python') };
          const model = join(project, 'models', 'cluster.zip');
          const trained = await check(submit, ['--master', master, `${name}cli.py`, 'train', '--output', model], project, driver);
          assert.match(trained, /model written to .*cluster\.zip/);
          const output = join(project, 'cluster-out.csv');
          const scored = await check(bin('python'), [`${name}cli.py`, 'score', '--master', master, join(project, 'rows.csv'), output], project);
          assert.match(scored, /scored 200 of 202 rows, 2 rejected/);
          const [, ...localLines] = readFileSync(join(project, 'local-out.csv'), 'utf8').trim().split(/\r?\n/);
          const onCluster = csvFolder(output);
          assert.equal(onCluster.size, 200);
          for (const line of localLines) assert.equal(onCluster.get(line.split(',')[0]!), line);
          // The work ran on the workers: each ran executors of both applications above (a folder each).
          for (const dir of workDirs) assert.equal(readdirSync(dir).filter((app) => app.startsWith('app-')).length, 2, dir);
        } finally {
          await stop();
        }
      });

      it('ships a valid Kubernetes Job that scores with the project\'s image, outside `apply -k k8s/`', async () => {
        const objects = parseAllDocuments(readFileSync(join(project, 'k8s-jobs', 'score.yaml'), 'utf8')).map((d) => d.toJS());
        assert.deepEqual(await modelProblems(objects), []);
        const job = objects.find((o) => o.kind === 'Job');
        const api = parseAllDocuments(readFileSync(join(project, 'k8s', 'api.yaml'), 'utf8')).map((d) => d.toJS()).find((o) => o.kind === 'Deployment');
        const container = job.spec.template.spec.containers[0];
        assert.equal(container.image, api.spec.template.spec.containers[0].image);
        assert.deepEqual(container.args.slice(0, 3), ['python', `${name}cli.py`, 'score']);
        assert.equal(job.spec.template.spec.securityContext.runAsNonRoot, true);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.ok(objects.every((o) => o.metadata.namespace === name.replaceAll('_', '-')));
        assert.doesNotMatch(readFileSync(join(project, 'k8s', 'kustomization.yaml'), 'utf8'), /score/);
      });
    });
  }
});

/** The pyspark installation of a venv: Spark's own scripts and jars. */
async function sparkHome(venvPython: string): Promise<string> {
  return (await check(venvPython, ['-c', 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'], '.')).trim();
}

/** A standalone master and 2 workers of one core each, on loopback: the master's URL, the workers' folders, and how to stop them. */
async function standaloneCluster(venvPython: string, folder: string): Promise<{ master: string; workDirs: string[]; stop: () => Promise<unknown> }> {
  const home = await sparkHome(venvPython);
  const [port, ui] = [await freePort(), await freePort()];
  const masterUi = `http://127.0.0.1:${ui}`;
  const env = { SPARK_HOME: home, SPARK_LOCAL_IP: '127.0.0.1', SPARK_NO_DAEMONIZE: '1', PYSPARK_PYTHON: venvPython };
  const deploy = 'org.apache.spark.deploy';
  const master = `spark://127.0.0.1:${port}`;
  const processes = [await startProcess(join(home, 'bin', 'spark-class'), [`${deploy}.master.Master`, '--host', '127.0.0.1', '--port', String(port), '--webui-port', String(ui)], {
    env,
    ready: async () => (await fetch(`${masterUi}/json/`)).ok,
    timeoutMs: 180_000,
  })];
  const workDirs = [0, 1].map((worker) => join(folder, `spark-worker-${worker}`));
  for (const [worker, work] of workDirs.entries()) {
    mkdirSync(work);
    processes.push(await startProcess(join(home, 'bin', 'spark-class'), [`${deploy}.worker.Worker`, '--host', '127.0.0.1', '--cores', '1', '--memory', '1g', '--webui-port', '0', '--work-dir', work, master], {
      env,
      ready: async () => (await aliveWorkers(masterUi)) > worker,
      timeoutMs: 180_000,
    }));
  }
  return { master, workDirs, stop: () => Promise.all(processes.map((p) => p.stop())) };
}

async function aliveWorkers(masterUi: string): Promise<number> {
  const state = (await (await fetch(`${masterUi}/json/`)).json()) as { workers: { state: string }[] };
  return state.workers.filter((w) => w.state === 'ALIVE').length;
}
