/**
 * `python <name>cli.py deploy|status|undeploy docker` for real: the Docker CLI and docker-compose
 * against podman's Docker-compatible socket (`podman system service`), the generated compose file
 * as it is but for the API's host port (a free one: 8080 may be taken on a shared machine). Then
 * `leo deploy` runs the same deploy in a terminal and streams it.
 *
 * The base image comes from .ci/containers.sh. The project is named as the generic image of
 * test/containers/images.test.ts, so that the build reuses the layers that test made.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { type DockerSocket, socketForFile } from '../helpers/docker-socket.js';
import { freePort } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { presentOrSkip } from '../helpers/tools.js';
import { type Project, generate } from '../helpers/generate.js';
import { baseImage, check, exec, quiet, statusOf } from '../containers/podman.js';
import { eventually } from '../observability/project.js';
import { prometheusTools } from '../observability/tools.js';
import { terminal } from '../tui/terminal.js';

const TOOLS = ['podman', 'docker', 'docker-compose', 'tmux'];
const READY_SECONDS = 180;
const DEPLOY_TIMEOUT_MS = 30 * 60_000;

const project: Project = generate(validatePreset({ name: 'generic_image', framework: 'flask', docker: true }, catalog, 'deploy preset'));
const base = baseImage(project.read('Dockerfile'));
const cli = `${project.answers.name}cli.py`;
const socket = socketForFile(TOOLS, base);
let url = '';

/** The Docker CLI's environment: podman's socket. */
const env = () => (socket() as DockerSocket).env;
const ready = (t: TestContext) => presentOrSkip(t, socket());

const projectCli = (args: string[]) => exec('python3', [cli, ...args], { cwd: project.dir, env: env(), timeoutMs: DEPLOY_TIMEOUT_MS });
const compose = (args: string[]) => check('docker-compose', args, { cwd: project.dir, env: env() });

/** The api container's id and state, through the Docker CLI. */
async function api(): Promise<{ id: string; state: string; health: string }> {
  const id = (await compose(['ps', '--all', '--quiet', 'api'])).output.trim();
  assert.match(id, /^[0-9a-f]{12,64}$/, `no api container: ${id}`);
  const inspect = await check('docker', ['inspect', '--format', '{{.Id}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', id], { env: env() });
  const [full, state, health] = inspect.output.trim().split(/\s+/);
  return { id: full!, state: state!, health: health ?? '' };
}

describe('deploy docker for real: Docker CLI and docker-compose on podman', { concurrency: false }, () => {
  before(async () => {
    if (typeof socket() !== 'object') return;
    // The image copies the trained model in: train it as the README says, in the project's venv.
    await check('python3', ['-m', 'venv', '.venv'], { cwd: project.dir });
    await check('.venv/bin/pip', ['install', '--disable-pip-version-check', '-q', '-r', 'requirements.txt'], { cwd: project.dir });
    await check('.venv/bin/python', [cli, 'train'], { cwd: project.dir });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const file = join(project.dir, 'docker-compose.yml');
    const original = project.read('docker-compose.yml');
    assert.match(original, /^ {6}- "8080:8080"$/m);
    writeFileSync(file, original.replace(/^( {6}- )"8080:8080"$/m, `$1"127.0.0.1:${port}:8080"`));
  });

  after(async () => {
    if (typeof socket() === 'object') await exec('docker-compose', ['down', '--timeout', '1'], { cwd: project.dir, env: env() });
  });

  it('deploy docker builds the image and starts the api with its compose settings', async (t) => {
    if (!ready(t)) return;
    const deploy = await projectCli(['deploy', 'docker']);
    assert.equal(deploy.status, 0, deploy.output.slice(-4000));
    t.diagnostic(`deploy docker: ${deploy.seconds.toFixed(0)} s`);
    // Both compose commands announced, and what they printed passed on.
    assert.match(deploy.output, /^\$ docker-compose build$/m);
    assert.match(deploy.output, /Successfully tagged generic-image:latest/);
    assert.match(deploy.output, /^\$ docker-compose up --detach$/m);
    assert.match(deploy.output, /^deployed: `python generic_imagecli\.py status docker` shows their health$/m);

    assert.equal(await eventually(() => statusOf(`${url}/health/ready`), (s) => s === 200, READY_SECONDS), 200);
    const predicted = await fetch(`${url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] }) });
    assert.equal(predicted.status, 200, await predicted.text());
    const { id } = await api();
    const settings = await check('docker', ['inspect', '--format', '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{json .Config.Healthcheck.Test}}', id], { env: env() });
    assert.equal(settings.output.trim(), '10001:10001 true ["CMD","/app/docker-entrypoint.sh","healthcheck"]');
  });

  it('status docker lists the api, healthy once its health check ran', async (t) => {
    if (!ready(t)) return;
    // No systemd runs podman's health-check timers here: the check is run by hand, as they would.
    const { id } = await api();
    await check('podman', ['healthcheck', 'run', id]);
    const status = await projectCli(['status', 'docker']);
    assert.equal(status.status, 0, status.output);
    assert.match(status.output, /^\$ docker-compose ps --all$/m);
    assert.match(status.output, new RegExp(`^\\S+_api_1 .* Up \\(healthy\\) .*127\\.0\\.0\\.1:${new URL(url).port}->8080/tcp`, 'm'));
  });

  it('undeploy docker stops the api and keeps its container; deploy docker starts the same one again', async (t) => {
    if (!ready(t)) return;
    const before = await api();
    const undeploy = await projectCli(['undeploy', 'docker']);
    assert.equal(undeploy.status, 0, undeploy.output);
    assert.match(undeploy.output, /^stopped: the containers are kept; `deploy docker` starts them again$/m);
    const stopped = await api();
    assert.deepEqual([stopped.id, stopped.state], [before.id, 'exited']);
    assert.equal(await statusOf(`${url}/health/live`), 0);

    const redeploy = await projectCli(['deploy', 'docker']);
    assert.equal(redeploy.status, 0, redeploy.output.slice(-4000));
    assert.equal(await eventually(() => statusOf(`${url}/health/ready`), (s) => s === 200, READY_SECONDS), 200);
    const again = await api();
    assert.deepEqual([again.id, again.state], [before.id, 'running']);
  });

  it('leo deploy runs the same deploy in a terminal and streams it', async (t) => {
    if (!ready(t)) return;
    await compose(['stop', '--timeout', '5']);
    const term = terminal(project.dir, { args: ['deploy'], env: env() });
    await term.waitFor(/> Deploy to Docker/);
    // The deploy outlasts press's bound: its end is polled for below.
    await term.press('Enter', () => true);
    // A deploy outlasts waitFor's bound: the screen is polled for as long as a deploy may take.
    let screen = '';
    for (const deadline = Date.now() + DEPLOY_TIMEOUT_MS; Date.now() < deadline && !/done in|failed|exited with/.test(screen); await sleep(250)) {
      screen = term.screen();
    }
    assert.match(screen, /done in/, screen);
    assert.match(screen, /deployed: `python generic_imagecli\.py status docker` shows their health/);
    assert.equal(await eventually(() => statusOf(`${url}/health/ready`), (s) => s === 200, READY_SECONDS), 200);
    assert.equal((await api()).state, 'running');
    assert.match(quiet(await term.press('q', /leo exited with 0/)), /leo exited with 0/);
  });
});

/**
 * Prometheus' image cannot be pulled here: one is built from Prometheus 3 (the version compose pins,
 * built by .ci/run) on the local base image, with the official image's entry point, user and data
 * folder and a wget for compose's health check, and tagged as compose names it. The api and
 * prometheus services come up with compose (Grafana, whose image cannot be made, stays out).
 */
// Generated at the top, as the other project: its folder must outlast the describe's own after().
const stack = generate(validatePreset({ name: 'prom_stack', framework: 'falcon', monitoring: 'prometheus', docker: true }, catalog, 'prometheus preset'));

describe('Prometheus scrapes the api over the compose network', { concurrency: false }, () => {
  const REQUESTS = 7;
  const run = (args: string[]) => check('docker-compose', args, { cwd: stack.dir, env: env(), timeoutMs: DEPLOY_TIMEOUT_MS });

  after(async () => {
    if (typeof socket() === 'object') await exec('docker-compose', ['down', '--volumes', '--timeout', '1'], { cwd: stack.dir, env: env() });
  });

  it('with the generated prometheus.yml: the api target is up and its request count is the one sent', async (t) => {
    if (!ready(t)) return;
    const tools = prometheusTools(t, 3);
    if (!tools) return;
    const compose = parse(stack.read('docker-compose.yml'));
    const image = compose.services.prometheus.image as string;
    const context = join(tempDir('leo-prometheus-image-'), 'context');
    mkdirSync(context);
    copyFileSync(tools.prometheus, join(context, 'prometheus'));
    writeFileSync(join(context, 'Dockerfile'), [
      `FROM ${base}`,
      'RUN apt-get update && apt-get install --yes --no-install-recommends wget && rm -rf /var/lib/apt/lists/*',
      'COPY prometheus /bin/prometheus',
      'RUN mkdir -p /etc/prometheus /prometheus && chown 65534:65534 /prometheus',
      'USER 65534:65534',
      'WORKDIR /prometheus',
      'EXPOSE 9090',
      'ENTRYPOINT ["/bin/prometheus"]',
      'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]',
      '',
    ].join('\n'));
    await check('podman', ['build', '--format', 'docker', '--tag', `docker.io/${image}`, context], { timeoutMs: DEPLOY_TIMEOUT_MS });

    await check('python3', ['-m', 'venv', '.venv'], { cwd: stack.dir });
    await check('.venv/bin/pip', ['install', '--disable-pip-version-check', '-q', '-r', 'requirements.txt'], { cwd: stack.dir });
    await check('.venv/bin/python', ['prom_stackcli.py', 'train'], { cwd: stack.dir });
    // Free loopback ports for the host; inside, the network, names and ports are compose's.
    const [apiPort, prometheusPort] = [await freePort(), await freePort()];
    compose.services.api.ports = [`127.0.0.1:${apiPort}:8080`];
    compose.services.prometheus.ports = [`127.0.0.1:${prometheusPort}:9090`];
    writeFileSync(join(stack.dir, 'docker-compose.yml'), stringify(compose));
    await run(['up', '--build', '--detach', 'api', 'prometheus']);

    const api = `http://127.0.0.1:${apiPort}`;
    assert.equal(await eventually(() => statusOf(`${api}/health/ready`), (s) => s === 200, READY_SECONDS), 200);
    for (let i = 0; i < REQUESTS; i++) {
      const response = await fetch(`${api}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] }) });
      assert.equal(response.status, 200, await response.text());
    }
    const prometheus = `http://127.0.0.1:${prometheusPort}`;
    const query = async (expr: string) => {
      try {
        const body = (await (await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
        return body.data.result;
      } catch {
        return [];
      }
    };
    // One scrape every 15 s, as generated: the counts arrive within a few.
    const up = await eventually(() => query('up{job="api"}'), (r) => r[0]?.value[1] === '1', 120);
    assert.deepEqual(up.map((r) => [r.metric.instance, r.value[1]]), [['api:8080', '1']]);
    const counted = await eventually(() => query('sum(http_requests_total{job="api", route="/predict", status="200"})'), (r) => r[0]?.value[1] === String(REQUESTS), 120);
    assert.equal(counted[0]?.value[1], String(REQUESTS));

    const container = (await run(['ps', '--quiet', 'prometheus'])).output.trim();
    const health = await exec('podman', ['healthcheck', 'run', container]);
    assert.equal(health.status, 0, health.output);
  });
});
