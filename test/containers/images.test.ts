/**
 * Every distinct image Leo can write, built from the generated Dockerfile unmodified with podman
 * and run as its compose file runs it: ready, the host's own predictions, a non-root process on a
 * read-only root filesystem, the image's health check, and a drain on SIGTERM. The set comes from
 * the catalog: a Dockerfile differs only by the model type (its file and its dependencies) and by
 * Spark (its Java), so there is one image per model type and one for Spark.
 *
 * PyPI's PyTorch is a CUDA build of about 5 GB, which does not fit CI's time: its image is built
 * only with LEO_TEST_PYTORCH=1, as in test/e2e/model-types.test.ts. The base image is made by
 * .ci/containers.sh; build and start times and sizes are reported as test diagnostics.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, afterEach, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { freePort } from '../helpers/python.js';
import { hasCommand } from '../helpers/tools.js';
import { type Project, generate, presetMatrix } from '../helpers/generate.js';
import { eventually } from '../observability/project.js';
import { baseImage, check, exec, needPodman, podman, quiet, state, statusOf } from './podman.js';

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
  [5.9, 3.0, 4.2, 1.5],
  [6.0, 2.2, 5.0, 1.5],
];
const pytorch = process.env.LEO_TEST_PYTORCH === '1';
// The generated compose file's stop_grace_period: the drain (DRAIN_SECONDS) and the last requests' time.
const GRACE_SECONDS = 20;
// Bounds on hangs, not expectations of speed: a cold build downloads every wheel.
const BUILD_TIMEOUT_MS = 40 * 60_000;
const READY_SECONDS = 180;

/** One project per model type, and one with Spark, which takes the model type's place; the frameworks alternate. */
function imageSet(): { id: string; preset: Record<string, unknown> }[] {
  const frameworks = catalog.choices('framework').map((c) => c.id);
  const models = catalog.choices('model').filter((c) => c.available).map((c) => c.id);
  const replacing = catalog.components.filter((c) => c.replaces === 'model' && c.available).map((c) => c.id);
  return [
    ...models.map((model) => ({ id: model, preset: { model } })),
    ...replacing.map((id) => ({ id, preset: { [catalog.get(id).category]: true } })),
  ].map(({ id, preset }, i) => ({ id, preset: { name: `${id}_image`, framework: frameworks[i % frameworks.length], docker: true, ...preset } }));
}

/** A Dockerfile with the project's name taken out: what makes two images different. */
const shape = (p: Project) => p.read('Dockerfile').replaceAll(p.answers.name, 'NAME').replaceAll(p.answers.name.replaceAll('_', '-'), 'NAME');

interface Built {
  project: Project;
  image: string;
  /** The host's own answer for ROWS, from the project's CLI in a venv on the host. */
  hostPredictions: unknown;
  buildSeconds: number;
  prepareSeconds: number;
  bytes: number;
  /** The apparent size of the image's venv, in bytes. */
  venvBytes: number;
}

/** Host venv from the project's own requirements, the example model trained, the host's predictions, then the image built. */
async function prepare(project: Project): Promise<Built> {
  const started = performance.now();
  const dir = project.dir;
  const venvPython = join(dir, '.venv', 'bin', 'python');
  await check('python3', ['-m', 'venv', '.venv'], { cwd: dir });
  const requirements = ['requirements.txt', 'requirements-train.txt'].filter((f) => existsSync(join(dir, f)));
  await check(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...requirements.flatMap((f) => ['-r', f])], { cwd: dir });
  const cli = `${project.answers.name}cli.py`;
  await check(venvPython, [cli, 'train'], { cwd: dir, timeoutMs: 900_000 });
  const predicted = await check(venvPython, [cli, 'predict', '-'], { cwd: dir, input: JSON.stringify({ inputs: ROWS }) });
  const prepareSeconds = (performance.now() - started) / 1000;

  const image = `leo-test/${project.answers.name.replaceAll('_', '-')}:latest`;
  const build = await podman(['build', '--format', 'docker', '--tag', image, '.'], { cwd: dir, timeoutMs: BUILD_TIMEOUT_MS });
  const bytes = Number(quiet((await podman(['image', 'inspect', '--format', '{{.Size}}', image])).output).trim());
  const venv = await podman(['run', '--rm', '--entrypoint', 'du', image, '--summarize', '--bytes', '/opt/venv']);
  return {
    project,
    image,
    hostPredictions: JSON.parse(predicted.stdout).predictions,
    buildSeconds: build.seconds,
    prepareSeconds,
    bytes,
    venvBytes: Number(venv.stdout.split('\t')[0]),
  };
}

/** Runs tasks at most `width` at a time; each result is a promise of its own, so that a test waits only for its image. */
function pool<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R>[] {
  const waiting: (() => void)[] = [];
  return items.map(async (item, i) => {
    if (i >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task(item);
    } finally {
      waiting.shift()?.();
    }
  });
}

/** compose's settings of the api service, as `podman run` flags. */
function composeFlags(project: Project): string[] {
  const api = parse(project.read('docker-compose.yml')).services.api;
  return [
    // podman mounts tmpfs on /run, /tmp and /var/tmp of a read-only container; Docker only compose's.
    ...(api.read_only ? ['--read-only', '--read-only-tmpfs=false'] : []),
    ...((api.tmpfs ?? []) as string[]).flatMap((path) => ['--tmpfs', path]),
    ...Object.entries((api.environment ?? {}) as Record<string, string>).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
  ];
}

// Each test's containers go when it ends: a Spark or TensorFlow one holds a GB or more.
const containers: string[] = [];
afterEach(async () => {
  if (containers.length) await exec('podman', ['rm', '--force', '--time', '0', ...containers.splice(0)]);
});

async function start(built: Built, extra: string[] = []): Promise<{ name: string; url: string; seconds: number }> {
  const port = await freePort();
  const name = `leo-test-${built.project.answers.name.replaceAll('_', '-')}-${port}`;
  containers.push(name);
  const started = performance.now();
  await podman(['run', '--detach', '--name', name, '--publish', `127.0.0.1:${port}:8080`, ...composeFlags(built.project), ...extra, built.image]);
  return { name, url: `http://127.0.0.1:${port}`, seconds: (performance.now() - started) / 1000 };
}

/** Polls the container's /health/ready until 200, giving up early once the container has stopped; the last status. */
async function readiness(container: { name: string; url: string }, path = '/health/ready'): Promise<number> {
  const probe = async () => {
    const status = await statusOf(`${container.url}${path}`);
    return status === 200 || (await state(container.name)).status === 'running' ? status : -1;
  };
  return eventually(probe, (s) => s === 200 || s === -1, READY_SECONDS);
}

async function logs(name: string): Promise<string> {
  return (await exec('podman', ['logs', name])).output.slice(-3000);
}

// LEO_TEST_IMAGES=generic,sklearn narrows the images built, for work on one of them.
const only = process.env.LEO_TEST_IMAGES?.split(',');
const enabled = (id: string) => (id !== 'pytorch' || pytorch) && (!only || only.includes(id));
const everyImage = new Map(imageSet().map(({ id, preset }) => [id, generate(validatePreset(preset, catalog, 'image preset'))]));
const projects = new Map([...everyImage].filter(([id]) => enabled(id)));
const base = baseImage(everyImage.values().next().value!.read('Dockerfile'));
let builds: Map<string, Promise<Built>> | undefined;

describe('generated images, built with podman and run as compose runs them', { concurrency: false }, () => {
  before(async () => {
    // Without podman or the base image, each test skips or fails on its own (needPodman).
    if (!hasCommand('podman') || (await exec('podman', ['image', 'exists', base])).status !== 0) return;
    // Two at a time: one image's pip downloads overlap another's host venv and build.
    const all = pool([...projects.values()], 2, prepare);
    builds = new Map([...projects.keys()].map((id, i) => [id, all[i]!]));
    // A failing build is reported by its own tests; the others carry on.
    for (const promise of all) promise.catch(() => {});
  });

  it('covers every distinct Dockerfile that the catalog lets Leo write', () => {
    const built = new Set([...everyImage.values()].map(shape));
    const everyPreset = [
      ...presetMatrix(catalog),
      ...catalog.choices('model').flatMap((m) => [false, true].map((spark) => ({ name: `m_${m.id}_${spark}`, framework: 'flask', model: m.id, spark, docker: true }))),
    ];
    for (const preset of everyPreset) {
      const project = generate(validatePreset({ ...preset, name: `${preset.name}_x` }, catalog, 'preset'));
      if (!project.has('docker')) continue;
      assert.ok(built.has(shape(project)), `${project.title}: its Dockerfile is none of the images built`);
    }
  });

  it('has no `# syntax=` directive: a plain docker build needs no frontend image from a registry', () => {
    for (const project of everyImage.values()) assert.doesNotMatch(project.read('Dockerfile'), /^#\s*syntax\s*=/im);
  });

  for (const id of everyImage.keys()) {
    const skip = enabled(id) ? false : id === 'pytorch' && !pytorch ? 'PyPI PyTorch is a 5 GB CUDA build: LEO_TEST_PYTORCH=1 builds it' : 'not in LEO_TEST_IMAGES';
    describe(`${id} image`, { skip }, () => {
      let built: Built;
      const ready = async (t: TestContext) => {
        if (!(await needPodman(t, base))) return false;
        built = await builds!.get(id)!;
        return true;
      };

      it('builds from the generated Dockerfile unmodified', async (t) => {
        if (!(await ready(t))) return;
        const inspect = await podman(['image', 'inspect', '--format', '{{.Config.User}} {{json .Config.Healthcheck.Test}}', built.image]);
        // --format docker keeps HEALTHCHECK, which the OCI format drops.
        assert.match(quiet(inspect.output), /^10001:10001 \["CMD","\/app\/docker-entrypoint.sh","healthcheck"\]/);
        t.diagnostic(`${built.image}: host venv and training ${built.prepareSeconds.toFixed(0)} s, build ${built.buildSeconds.toFixed(0)} s, ` +
          `image ${(built.bytes / 1e6).toFixed(0)} MB, venv ${(built.venvBytes / 1e6).toFixed(0)} MB`);
      });

      it("turns ready and answers /predict with the host's own predictions, as uid 10001 on a read-only root", async (t) => {
        if (!(await ready(t))) return;
        const container = await start(built);
        const startedAt = performance.now();
        const status = await readiness(container);
        assert.equal(status, 200, `${status === -1 ? 'stopped' : `not ready within ${READY_SECONDS} s`}:\n${await logs(container.name)}`);
        t.diagnostic(`${built.image}: ready ${((performance.now() - startedAt) / 1000 + container.seconds).toFixed(1)} s after podman run`);

        const response = await fetch(`${container.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: ROWS }) });
        const body = (await response.json()) as { predictions: unknown };
        assert.equal(response.status, 200, JSON.stringify(body));
        assert.deepEqual(body.predictions, built.hostPredictions);

        // Every process of the container, gunicorn's master and its workers, runs as the image's user.
        const uids = await podman(['exec', container.name, 'sh', '-c', 'for s in /proc/[0-9]*/status; do sed -n "s/^Uid:\\t\\([0-9]*\\).*/\\1/p" "$s"; done']);
        assert.deepEqual([...new Set(quiet(uids.output).trim().split('\n'))], ['10001']);
        const compose = parse(built.project.read('docker-compose.yml')).services.api;
        assert.equal(compose.read_only, true, 'compose runs the api on a read-only root');
        assert.equal(compose.stop_grace_period, `${GRACE_SECONDS}s`);
        const write = await exec('podman', ['exec', container.name, 'sh', '-c', 'touch /app/x; touch /opt/venv/x; touch /tmp/x && echo tmp-writable']);
        assert.match(write.output, /touch: cannot touch '\/app\/x': Read-only file system/);
        assert.match(write.output, /touch: cannot touch '\/opt\/venv\/x': Read-only file system/);
        assert.match(write.output, /tmp-writable/);
      });

      it('passes `podman healthcheck run` when ready, and fails it when the model is missing', async (t) => {
        if (!(await ready(t))) return;
        const healthy = await start(built);
        assert.equal(await readiness(healthy), 200, await logs(healthy.name));
        const passed = await exec('podman', ['healthcheck', 'run', healthy.name]);
        assert.equal(passed.status, 0, passed.output);

        const modelPath = `/app/models/absent-${built.project.modelFile}`;
        const missing = await start(built, ['--env', `MODEL_PATH=${modelPath}`]);
        const live = await readiness(missing, '/health/live');
        assert.equal(live, 200, await logs(missing.name));
        const notReady = await fetch(`${missing.url}/health/ready`);
        assert.equal(notReady.status, 503);
        const failed = await exec('podman', ['healthcheck', 'run', missing.name]);
        assert.notEqual(failed.status, 0, `the health check passed without a model:\n${failed.output}`);
      });

      it(`drains on SIGTERM: a request in flight is answered, and the container exits 0 within ${GRACE_SECONDS} s`, async (t) => {
        if (!(await ready(t))) return;
        const container = await start(built, ['--env', 'WEB_CONCURRENCY=2']);
        assert.equal(await readiness(container), 200, await logs(container.name));
        // A request whose body is half sent: a worker takes it and waits for the rest.
        const body = JSON.stringify({ inputs: ROWS });
        const socket = connect(Number(new URL(container.url).port), '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        const closed = new Promise((resolve) => socket.on('close', resolve));
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(`POST /predict HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
        // The other worker answers a later connection: the listening socket hands them out in order,
        // so the half-sent request was taken first.
        assert.equal(await eventually(() => statusOf(`${container.url}/health/live`), (s) => s === 200, 30), 200);

        await podman(['kill', '--signal', 'TERM', container.name]);
        socket.end(body.slice(10));
        await closed;
        assert.match(answer, /^HTTP\/1\.1 200 /, `${answer}\n${await logs(container.name)}`);
        assert.deepEqual(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).predictions, built.hostPredictions);

        const exited = await eventually(() => state(container.name), (s) => s.status === 'exited', GRACE_SECONDS * 6);
        assert.equal(exited.status, 'exited');
        assert.equal(exited.exitCode, 0, await logs(container.name));
        // From gunicorn's own line on the signal to the container's end, by the container's clock:
        // podman's commands may wait on each other's locks on a busy machine, the drain does not.
        // The whole log: the drain's own lines come after the signal's.
        const line = (await exec('podman', ['logs', container.name])).output.split('\n').find((l) => l.includes('Handling signal: term'));
        assert.ok(line, 'gunicorn did not log the signal');
        const signalled = JSON.parse(line).timestamp as string;
        const finished = quiet((await podman(['container', 'inspect', '--format', '{{.State.FinishedAt.Format "2006-01-02T15:04:05.000Z07:00"}}', container.name])).output).trim();
        const seconds = (Date.parse(finished) - Date.parse(signalled)) / 1000;
        assert.ok(seconds >= 0 && seconds < GRACE_SECONDS, `exited ${seconds.toFixed(1)} s after SIGTERM, over the ${GRACE_SECONDS} s grace period`);
        t.diagnostic(`${built.image}: drained and exited ${seconds.toFixed(1)} s after SIGTERM`);
      });
    });
  }

  it("states sizes that are measured ones: each README's `about N MB installed` within 10% of the image's venv", async (t) => {
    if (!(await needPodman(t, base))) return;
    if (!projects.has('generic')) return t.skip('the generic image, the baseline, is not in LEO_TEST_IMAGES');
    const baseline = await builds!.get('generic')!;
    for (const id of projects.keys()) {
      if (id === 'generic') continue;
      const built = await builds!.get(id)!;
      // What the model type adds to the generic project's venv (the frameworks differ by a few MB).
      const bytes = built.venvBytes - baseline.venvBytes;
      t.diagnostic(`${id} adds ${(bytes / 1e6).toFixed(0)} MB to the venv; the image is ${(built.bytes / 1e6).toFixed(0)} MB`);
      const readme = built.project.read('README.md');
      const claims = [...readme.matchAll(/about ([\d.]+) (MB|GB) installed/g)];
      assert.ok(claims.length, `${id}: its README states no installed size`);
      for (const [claim, amount, unit] of claims) {
        const stated = Number(amount) * (unit === 'GB' ? 1e9 : 1e6);
        assert.ok(Math.abs(stated - bytes) <= 0.1 * bytes, `${id}: the README says "${claim}", the image's venv gains ${(bytes / 1e6).toFixed(0)} MB`);
      }
    }
  });
});
