/**
 * `python <name>cli.py deploy|status|undeploy kubernetes` for real: the image built through the
 * Docker CLI on podman's socket, pushed to a real registry (the Distribution registry), applied by
 * kubectl to a real control plane (scripts/cluster: etcd, kube-apiserver, controller manager,
 * scheduler; kwok plays the nodes, so pods are scheduled and turn Ready but no container runs).
 * Then `leo deploy` streams the same in a terminal.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { parseAllDocuments, stringify } from 'yaml';
import { baseImage, check, exec, statusOf } from '../containers/podman.js';
import { eventually } from '../observability/project.js';
import { type Cluster, clusterBin, clusterForFile } from '../helpers/cluster.js';
import { type DockerSocket, socketForFile } from '../helpers/docker-socket.js';
import { type Project, generate } from '../helpers/generate.js';
import { freePort, type Process, startProcess } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { presentOrSkip } from '../helpers/tools.js';
import { terminal } from '../tui/terminal.js';

const DEPLOY_TIMEOUT_MS = 30 * 60_000;
const preset = (answers: Record<string, unknown>) => validatePreset({ framework: 'flask', kubernetes: true, ...answers }, catalog, 'deploy preset');
// Every add-on with manifests of its own, in two projects (the monitoring tools exclude each other).
const full: Project = generate(preset({ name: 'kube_full', gateway: 'kong', monitoring: 'prometheus', logging: 'elk' }));
const graphite: Project = generate(preset({ name: 'kube_graphite', framework: 'falcon', monitoring: 'graphite' }));
const base = baseImage(full.read('Dockerfile'));

const registryPort = await freePort();
const registry = `127.0.0.1:${registryPort}`;
const registryDir = tempDir('leo-registry-');
// The test registry speaks plain HTTP on loopback: podman is told so for it alone.
writeFileSync(join(registryDir, 'registries.conf'), `[[registry]]\nlocation = "${registry}"\ninsecure = true\n`);
const socket = socketForFile(['podman', 'docker', 'tmux'], base, () => ({ CONTAINERS_REGISTRIES_CONF: join(registryDir, 'registries.conf') }));
const theCluster = clusterForFile();
const cluster = () => theCluster() as Cluster;

/** The environment a user's shell would have: the Docker CLI on podman, kubectl on the cluster. */
const env = () => ({ ...(socket() as DockerSocket).env, ...cluster().env });
const projectCli = (project: Project, args: string[]) =>
  exec('python3', [`${project.answers.name}cli.py`, ...args], { cwd: project.dir, env: env(), timeoutMs: DEPLOY_TIMEOUT_MS });

let registryProcess: Process | undefined;
/** After the file's podman and cluster have started: the registry, and each project's trained model. */
async function prepare(): Promise<void> {
  if (typeof socket() !== 'object' || typeof theCluster() !== 'object') return;
  writeFileSync(join(registryDir, 'config.yml'), [
    'version: 0.1',
    'log: {level: warn}',
    `storage: {filesystem: {rootdirectory: ${registryDir}/data}}`,
    `http: {addr: "${registry}"}`,
    '',
  ].join('\n'));
  registryProcess = await startProcess(join(clusterBin, 'registry'), ['serve', join(registryDir, 'config.yml')], {
    ready: async () => (await fetch(`http://${registry}/v2/`)).ok,
  });
  // The images copy the trained model in: train it as the README says, in each project's venv.
  for (const project of [full, graphite]) {
    await check('python3', ['-m', 'venv', '.venv'], { cwd: project.dir });
    await check('.venv/bin/pip', ['install', '--disable-pip-version-check', '-q', '-r', 'requirements.txt'], { cwd: project.dir, timeoutMs: DEPLOY_TIMEOUT_MS });
    await check('.venv/bin/python', [`${project.answers.name}cli.py`, 'train'], { cwd: project.dir });
  }
}
after(() => registryProcess?.stop());

const ready = (t: TestContext) => presentOrSkip(t, socket()) && presentOrSkip(t, theCluster());

const slug = (project: Project) => project.answers.name.replaceAll('_', '-');

/** The namespace's Deployments: name, image of the first container, and whether it is Available with every replica updated. */
async function deployments(project: Project): Promise<{ name: string; image: string; available: boolean }[]> {
  const { items } = JSON.parse(await cluster().kubectlOk(['--namespace', slug(project), 'get', 'deployments', '--output', 'json']));
  return items.map((d: any) => ({
    name: d.metadata.name,
    image: d.spec.template.spec.containers[0].image,
    available: d.status.conditions?.some((c: any) => c.type === 'Available' && c.status === 'True') && d.status.updatedReplicas === d.status.replicas && d.status.unavailableReplicas === undefined,
  }));
}

/** Every object of the project left in the cluster, in any namespace or none. */
async function leftovers(project: Project): Promise<string> {
  const kinds = 'deployments,replicasets,pods,services,configmaps,networkpolicies,horizontalpodautoscalers,persistentvolumeclaims,jobs';
  const selector = `app.kubernetes.io/part-of=${slug(project)}`;
  const namespaced = await cluster().kubectlOk(['get', kinds, '--all-namespaces', '--selector', selector, '--output', 'name']);
  const namespace = await cluster().kubectl(['get', 'namespace', slug(project), '--output', 'name']);
  return `${namespaced}${namespace.stdout}`.trim();
}

/** The api pods' images, once every pod of the namespace is Ready (the rollout has settled). */
async function apiPodImages(project: Project): Promise<string[]> {
  const { items } = JSON.parse(await cluster().kubectlOk(['--namespace', slug(project), 'get', 'pods', '--selector', 'app.kubernetes.io/name=api', '--output', 'json']));
  return items.filter((p: any) => !p.metadata.deletionTimestamp).map((p: any) => p.spec.containers[0].image);
}

describe('deploy kubernetes for real, on a local control plane', { concurrency: false }, () => {
  let firstImage = '';
  before(prepare);

  it('deploys every component of the full project; each Deployment rolls out, tagged by the image content', async (t) => {
    if (!ready(t)) return;
    const deploy = await projectCli(full, ['deploy', 'kubernetes']);
    assert.equal(deploy.status, 0, deploy.output.slice(-4000));
    t.diagnostic(`deploy kubernetes: ${deploy.seconds.toFixed(0)} s`);
    assert.match(deploy.output, /^\$ kubectl apply --kustomize \.deploy-\w+$/m);
    const expected = ['api', ...full.components.flatMap((c) => c.services ?? [])].sort();
    const rolled = [...deploy.output.matchAll(/^\$ kubectl --namespace kube-full rollout status deployment\/(\S+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(rolled, expected);
    const state = await deployments(full);
    assert.deepEqual(state.map((d) => d.name).sort(), expected);
    assert.deepEqual(state.filter((d) => !d.available), []);
    firstImage = state.find((d) => d.name === 'api')!.image;
    assert.match(firstImage, /^kube-full:[0-9a-f]{12}$/);
    const id = (await check('docker', ['image', 'inspect', '--format', '{{.Id}}', 'kube-full:latest'], { env: env() })).stdout.trim();
    assert.equal(firstImage.split(':')[1], id.replace(/^sha256:/, '').slice(0, 12));
    assert.match(deploy.output, /^deployed kube-full:[0-9a-f]{12}: /m);
    // The overlay that pointed k8s/ at the tag is gone; k8s/ itself is untouched.
    assert.deepEqual(readdirSync(full.dir).filter((f) => f.startsWith('.deploy-')), []);
    assert.match(full.read('k8s/api.yaml'), /image: kube-full:latest$/m);
  });

  it('the api Deployment, as kustomize renders it, runs under podman kube play and serves with its ConfigMap\'s settings', async (t) => {
    if (!ready(t)) return;
    const rendered = await cluster().kubectlOk(['kustomize', join(full.dir, 'k8s')]);
    const objects = parseAllDocuments(rendered).map((d) => d.toJS());
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'api-config');
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api');
    // A setting whose effect can be seen: the number of gunicorn workers.
    assert.equal(config.data.WEB_CONCURRENCY, '2');
    config.data.WEB_CONCURRENCY = '3';
    api.spec.template.spec.containers[0].image = firstImage;
    // The one change for the host: the pod's port is published on a free loopback port.
    const port = await freePort();
    api.spec.template.spec.containers[0].ports[0] = { ...api.spec.template.spec.containers[0].ports[0], hostIP: '127.0.0.1', hostPort: port };
    const file = join(tempDir('leo-kube-play-'), 'api.yaml');
    writeFileSync(file, [config, api].map((o) => stringify(o)).join('---\n'));
    await check('podman', ['kube', 'play', file], { timeoutMs: DEPLOY_TIMEOUT_MS });
    try {
      const url = `http://127.0.0.1:${port}`;
      assert.equal(await eventually(() => statusOf(`${url}/health/ready`), (s) => s === 200, 180), 200);
      const predicted = await fetch(`${url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] }) });
      const answer = await predicted.text();
      assert.equal(predicted.status, 200, answer);
      assert.equal((JSON.parse(answer) as { predictions: unknown[] }).predictions.length, 1);
      const container = (await check('podman', ['ps', '--filter', 'name=-api$', '--format', '{{.Names}}'])).stdout.trim().split('\n')[0]!;
      const processes = await check('podman', ['top', container, 'args']);
      // The master and the ConfigMap's three workers, all gunicorn.
      assert.equal(processes.stdout.split('\n').filter((line) => /gunicorn/.test(line)).length, 4, processes.stdout);
      const user = await check('podman', ['exec', container, 'id', '-u']);
      assert.equal(user.stdout.trim(), '10001');
    } finally {
      await exec('podman', ['kube', 'down', file]);
    }
  });

  it('status lists what runs; a second deploy changes nothing', async (t) => {
    if (!ready(t)) return;
    const status = await projectCli(full, ['status', 'kubernetes']);
    assert.equal(status.status, 0, status.output);
    for (const name of ['api', 'kong', 'prometheus', 'grafana', 'elasticsearch']) {
      assert.match(status.output, new RegExp(`^deployment\\.apps/${name}\\s+1/1\\s+1\\s+1\\s`, 'm'), status.output);
    }
    const again = await projectCli(full, ['deploy', 'kubernetes']);
    assert.equal(again.status, 0, again.output.slice(-4000));
    const applied = [...again.output.matchAll(/^(\S+\/\S+) (unchanged|configured|created)$/gm)];
    assert.ok(applied.length > 10, again.output);
    assert.deepEqual(applied.filter((m) => m[2] !== 'unchanged').map((m) => m[0]), []);
    assert.equal((await deployments(full)).find((d) => d.name === 'api')!.image, firstImage);
  });

  it('a rollout that cannot finish fails with why (the pods\' events), not a bare timeout', async (t) => {
    if (!ready(t)) return;
    // No node takes new pods: the next rollout's pods stay Pending.
    await cluster().kubectlOk(['taint', 'nodes', '--all', 'leo-test=full:NoSchedule']);
    try {
      // A retrained model: a new image, so the api rolls out.
      await check('.venv/bin/python', ['-c', RETRAIN], { cwd: full.dir });
      const deploy = await projectCli(full, ['deploy', 'kubernetes', '--timeout', '20']);
      assert.equal(deploy.status, 1, deploy.output.slice(-4000));
      assert.match(deploy.output, /^error: the rollout of api failed: /m);
      assert.match(deploy.output, /^what the cluster says:$/m);
      assert.match(deploy.output, /^ {2}pod api-\S+ \(Pending\): PodScheduled: Unschedulable .*untolerated taint/m);
      assert.match(deploy.output, /^ {2}event Pod\/api-\S+: FailedScheduling: .*untolerated taint/m);
      assert.match(deploy.output, /deploy kubernetes` again applies the change$/m);
    } finally {
      await cluster().kubectlOk(['taint', 'nodes', '--all', 'leo-test-']);
    }
  });

  it('deploy --registry pushes the new image there and rolls the api out to it', async (t) => {
    if (!ready(t)) return;
    const deploy = await projectCli(full, ['deploy', 'kubernetes', '--registry', `${registry}/leo`]);
    assert.equal(deploy.status, 0, deploy.output.slice(-4000));
    const api = (await deployments(full)).find((d) => d.name === 'api')!;
    assert.ok(api.available, JSON.stringify(api));
    const [, tag] = api.image.match(new RegExp(`^${registry}/leo/kube-full:([0-9a-f]{12})$`)) ?? [];
    assert.ok(tag, api.image);
    assert.notEqual(tag, firstImage.split(':')[1], 'the retrained model is a new image');
    const tags = (await (await fetch(`http://${registry}/v2/leo/kube-full/tags/list`)).json()) as { tags: string[] };
    assert.deepEqual(tags.tags, [tag]);
    // The rollout settled on the new image: no pod of the old one is left.
    assert.deepEqual([...new Set(await apiPodImages(full))], [api.image]);
  });

  it('refuses a registry that is not one, before building anything', async (t) => {
    if (!ready(t)) return;
    const deploy = await projectCli(full, ['deploy', 'kubernetes', '--registry', 'Not A Registry']);
    assert.equal(deploy.status, 1);
    assert.match(deploy.output, /^error: --registry 'Not A Registry' is not a registry: give HOST\[:PORT\]\[\/PATH\]/m);
  });

  it('undeploy removes every object of the project, and a deploy after it starts afresh', async (t) => {
    if (!ready(t)) return;
    const undeploy = await projectCli(full, ['undeploy', 'kubernetes', '--timeout', '300']);
    assert.equal(undeploy.status, 0, undeploy.output);
    assert.equal(await leftovers(full), '');
    const again = await projectCli(graphite, ['deploy', 'kubernetes']);
    assert.equal(again.status, 0, again.output.slice(-4000));
    const state = await deployments(graphite);
    assert.deepEqual(state.map((d) => d.name).sort(), ['api', 'grafana', 'graphite']);
    assert.deepEqual(state.filter((d) => !d.available), []);
  });

  it('leo deploy streams a Kubernetes undeploy and deploy in a terminal', async (t) => {
    if (!ready(t)) return;
    const term = terminal(graphite.dir, { args: ['deploy'], env: env() });
    await term.waitFor(/> Deploy to Docker/);
    for (const [step, done] of [['Undeploy from Kubernetes', /deleted/], ['Deploy to Kubernetes', /deployed kube-graphite:/]] as const) {
      await choose(term, step);
      await term.press('Enter', () => true);
      let screen = '';
      for (const deadline = Date.now() + DEPLOY_TIMEOUT_MS; Date.now() < deadline && !/done in|failed|exited with/.test(screen); await sleep(250)) {
        screen = term.screen();
      }
      assert.match(screen, /done in/, screen);
      assert.match(screen, done, screen);
      await term.press('Escape', /> Deploy to Docker|Deploy to Kubernetes/);
    }
    assert.deepEqual((await deployments(graphite)).filter((d) => !d.available), []);
    const undeploy = await projectCli(graphite, ['undeploy', 'kubernetes']);
    assert.equal(undeploy.status, 0, undeploy.output);
    assert.equal(await leftovers(graphite), '');
  });
});

/** Moves the deploy screen's cursor to an action: up to the first, then down to it. */
async function choose(term: ReturnType<typeof terminal>, action: string): Promise<void> {
  const moved = (key: string) => term.press(key, (screen) => screen !== shown);
  let shown = term.screen();
  for (let i = 0; i < 10 && !shown.includes('> Deploy to Docker'); i++, shown = term.screen()) await moved('Up');
  for (let i = 0; i < 10 && !shown.includes(`> ${action}`); i++, shown = term.screen()) await moved('Down');
  assert.match(term.screen(), new RegExp(`> ${action}`));
}

/** Refits the example model on part of the data: another model, as a retraining on new data gives. */
const RETRAIN = `
import pathlib, kube_full.example_data as data, kube_full.artifacts as artifacts
from kube_full.example_model import GaussianNaiveBayes
rows, labels = data.load_iris()
model = GaussianNaiveBayes().fit(rows[::2], labels[::2])
artifacts.save_pickle(model, pathlib.Path("models/model.pkl"))
`;
