// The generated project's deploy, undeploy and status commands, against stand-in docker, kubectl
// and minikube: which commands they run, in which order, and how each failure reads.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { python } from '../helpers/python.js';
import { waitFor } from '../helpers/run.js';
import { alive, CONTENT_TAG, generated, type StandIns, standInEnv, standIns } from './stand-ins.js';

// The CLI runs with PATH holding the stand-ins alone, so Python is named by its own full path (not
// a launcher such as pyenv's shim, which needs PATH itself).
const pythonPath = spawnSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
const IMAGE = 'iris-classifier:latest';
const DOCKER_OK = 'docker info --format {{.ServerVersion}}';
const KUBE_OK = ['kubectl config current-context', 'kubectl cluster-info --request-timeout=20s'];
const TAGGED = `iris-classifier:${CONTENT_TAG}`;
/** A kubernetes deploy's calls from the build on; the overlay's folder name is random, so it is written OVERLAY. */
const KUBE_DEPLOY = (published: string[], image = TAGGED) => [
  `docker build --tag ${IMAGE} .`,
  `docker image inspect --format {{.Id}} ${IMAGE}`,
  `docker tag ${IMAGE} ${image}`,
  ...published,
  'kubectl apply --kustomize OVERLAY',
  'kubectl --namespace iris-classifier get deployments --output json',
  'kubectl --namespace iris-classifier rollout status deployment/api --timeout=300s',
];
const overlaid = (calls: string[]) => calls.map((call) => call.replace(/^(kubectl apply --kustomize )\.deploy-\w+$/, '$1OVERLAY'));

const dockerOnly = generated({ name: 'iris_classifier', docker: true });
const withKubernetes = generated({ name: 'iris_classifier', kubernetes: true, gateway: 'kong' });

function cli(project: string, args: string[], tools: StandIns, settings: Record<string, string> = {}) {
  const result = spawnSync(pythonPath, [join(project, 'iris_classifiercli.py'), ...args], {
    cwd: project,
    env: standInEnv(tools, settings),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: tools.calls() };
}

describe('project CLI: docker', () => {
  it('deploy builds the image, then starts every service with docker compose', () => {
    const run = cli(dockerOnly, ['deploy', 'docker'], standIns());
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [DOCKER_OK, 'docker compose version', 'docker compose build', 'docker compose up --detach']);
    // Each command is announced, and both of its streams come through, in order.
    assert.match(run.stdout, /\$ docker compose build\ndocker compose build: out\ndocker compose build: err\n\$ docker compose up --detach\n/);
    assert.equal(run.stderr, '');
  });

  it('falls back to docker-compose when docker has no compose plugin', () => {
    const run = cli(dockerOnly, ['deploy', 'docker'], standIns(), { STANDIN_NO_PLUGIN: '1' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [DOCKER_OK, 'docker compose version', 'docker-compose build', 'docker-compose up --detach']);
  });

  it('undeploy stops the containers without removing them; status lists them', () => {
    let run = cli(dockerOnly, ['undeploy', 'docker'], standIns());
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [DOCKER_OK, 'docker compose version', 'docker compose stop']);
    run = cli(dockerOnly, ['status', 'docker'], standIns());
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [DOCKER_OK, 'docker compose version', 'docker compose ps --all']);
  });

  it('says which tool is missing: docker, then any compose', () => {
    let run = cli(dockerOnly, ['deploy', 'docker'], standIns(['kubectl']));
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'error: docker was not found on PATH: building the image needs it\n');
    run = cli(dockerOnly, ['deploy', 'docker'], standIns(['docker']), { STANDIN_NO_PLUGIN: '1' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^error: neither `docker compose` nor `docker-compose` is installed/);
  });

  it('a daemon that is down stops everything before the build', () => {
    const message = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    const run = cli(dockerOnly, ['deploy', 'docker'], standIns(), { STANDIN_FAIL: 'docker info*', STANDIN_MESSAGE: message });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, `error: the Docker daemon is not reachable (is it running?): ${message}\n`);
    assert.deepEqual(run.calls, [DOCKER_OK]);
  });

  it('a failing build names the command, its status and its last lines, and starts nothing', () => {
    const run = cli(dockerOnly, ['deploy', 'docker'], standIns(), {
      STANDIN_FAIL: 'docker compose build*',
      STANDIN_MESSAGE: 'ERROR: failed to solve: process "/bin/sh -c pip install" did not complete successfully',
      STANDIN_STATUS: '17',
    });
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      'error: building the image failed: `docker compose build` exited with status 17; its last lines:\n' +
        '  | docker: working on it\n' +
        '  | ERROR: failed to solve: process "/bin/sh -c pip install" did not complete successfully\n',
    );
    assert.ok(!run.calls.includes('docker compose up --detach'));
  });

  it('asks for a trained model first, since the image copies it in', () => {
    const project = generated({ name: 'iris_classifier', docker: true }, { trained: false });
    const run = cli(project, ['deploy', 'docker'], standIns());
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'error: no trained model at models/model.pkl: run `python iris_classifiercli.py train` first\n');
    assert.ok(!run.calls.some((call) => call.includes('build')));
  });

  it('refuses Kubernetes in a project generated without it', () => {
    for (const action of ['deploy', 'undeploy', 'status']) {
      const run = cli(dockerOnly, [action, 'kubernetes'], standIns());
      assert.equal(run.status, 1);
      assert.equal(run.stderr, 'error: this project has no kubernetes deployment: regenerate it with Leo and kubernetes switched on\n');
      assert.deepEqual(run.calls, []);
    }
  });

  it('streams: lines arrive while the command still runs', async () => {
    const tools = standIns();
    const child = spawn(pythonPath, [join(dockerOnly, 'iris_classifiercli.py'), 'deploy', 'docker'], {
      cwd: dockerOnly,
      env: standInEnv(tools, { STANDIN_HANG: 'docker compose up*' }),
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await waitFor(() => output.includes('docker: hanging'), () => `a streamed line (so far: ${output})`);
    assert.equal(child.exitCode, null, 'still running');
    assert.match(output, /docker compose build: out\n/);
    process.kill(-child.pid!, 'SIGKILL');
    await waitFor(() => tools.hung().flat().every((pid) => !alive(pid)), 'the killed processes to be gone');
  });
});

describe('project CLI: kubernetes', () => {
  const cluster = { STANDIN_CONTEXT: 'kind-leo' };

  it('deploy builds the image, tags it by content, applies the manifests through an overlay and waits for the rollout', () => {
    const run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(), cluster);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(overlaid(run.calls), [DOCKER_OK, ...KUBE_OK, ...KUBE_DEPLOY([])]);
    assert.match(run.stdout, new RegExp(`context kind-leo: the cluster must be able to pull ${TAGGED} \\(--registry pushes it`));
    assert.match(run.stdout, new RegExp(`^deployed ${TAGGED}: `, 'm'));
    // The overlay's folder is gone again.
    assert.deepEqual(readdirSync(withKubernetes).filter((f) => f.startsWith('.deploy-')), []);
  });

  it('on minikube, loads the tagged image into it before applying', () => {
    const run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(), { STANDIN_CONTEXT: 'minikube' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(overlaid(run.calls), [DOCKER_OK, ...KUBE_OK, ...KUBE_DEPLOY([`minikube image load ${TAGGED}`])]);
  });

  it('with --registry, pushes the tagged image there', () => {
    const image = `registry.example:5000/team/${TAGGED}`;
    const run = cli(withKubernetes, ['deploy', 'kubernetes', '--registry', 'registry.example:5000/team/'], standIns(), cluster);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(overlaid(run.calls), [DOCKER_OK, ...KUBE_OK, ...KUBE_DEPLOY([`docker push ${image}`], image)]);
  });

  it('refuses a --registry that no image reference could name, before running anything', () => {
    for (const registry of ['Registry.Example', 'host:port', 'https://registry.example', 'registry_host']) {
      const run = cli(withKubernetes, ['deploy', 'kubernetes', '--registry', registry], standIns(), cluster);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, `error: --registry '${registry}' is not a registry: give HOST[:PORT][/PATH], e.g. localhost:5000/team\n`);
      assert.deepEqual(run.calls, []);
    }
  });

  it('undeploy deletes the manifests; status lists the namespace', () => {
    let run = cli(withKubernetes, ['undeploy', 'kubernetes'], standIns(), cluster);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [...KUBE_OK, 'kubectl delete --kustomize k8s/ --ignore-not-found --wait --timeout=300s']);
    run = cli(withKubernetes, ['status', 'kubernetes'], standIns(), cluster);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, [...KUBE_OK, 'kubectl --namespace iris-classifier get deployments,pods,services']);
  });

  it('the Docker target works in the same project', () => {
    const run = cli(withKubernetes, ['deploy', 'docker'], standIns(), cluster);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls.at(-1), 'docker compose up --detach');
  });

  it('says when kubectl is missing, there is no context, or the cluster does not answer', () => {
    let run = cli(withKubernetes, ['undeploy', 'kubernetes'], standIns(['docker']), cluster);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'error: kubectl was not found on PATH: deploying to Kubernetes needs it\n');

    run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns());
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      'error: kubectl has no current context (error: current-context is not set): choose a cluster with `kubectl config use-context NAME`\n',
    );

    const refused = 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?';
    run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(), { ...cluster, STANDIN_FAIL: 'kubectl cluster-info*', STANDIN_MESSAGE: refused });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, `error: the cluster of context kind-leo is unreachable: ${refused}\n`);
    assert.ok(!run.calls.some((call) => call.startsWith('docker build')), 'nothing is built for a cluster that is not there');
  });

  it('a minikube context without minikube, and a failing apply, are errors too', () => {
    let run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(['docker', 'kubectl']), { STANDIN_CONTEXT: 'minikube' });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'error: minikube was not found on PATH: loading the image into minikube needs it\n');

    run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(), { ...cluster, STANDIN_FAIL: 'kubectl apply*', STANDIN_MESSAGE: 'error: no matches for kind "Deployment"' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^error: applying the manifests failed: `kubectl apply --kustomize \.deploy-\w+` exited with status 1; its last lines:\n {2}\| kubectl: working on it\n {2}\| error: no matches for kind "Deployment"\n$/);
  });

  it('a failing docker build stops a Kubernetes deploy before kubectl apply', () => {
    const run = cli(withKubernetes, ['deploy', 'kubernetes'], standIns(), { ...cluster, STANDIN_FAIL: 'docker build*' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^error: building the image failed: `docker build --tag iris-classifier:latest \.` exited with status 1/);
    assert.ok(!run.calls.some((call) => call.startsWith('kubectl apply')));
  });
});

// deploy, undeploy and status come with Docker's command module (commands/docker.py); the
// Kubernetes target is added by the module the Kubernetes component brings (commands/kubernetes.py).
describe('project CLI: each target from its own module', () => {
  const commands = (project: string) => join(project, 'iris_classifier', 'commands');

  it('Docker brings the commands and its target; Kubernetes adds a module of its own', () => {
    assert.ok(existsSync(join(commands(dockerOnly), 'docker.py')));
    assert.ok(!existsSync(join(commands(dockerOnly), 'kubernetes.py')));
    assert.ok(existsSync(join(commands(withKubernetes), 'docker.py')));
    assert.ok(existsSync(join(commands(withKubernetes), 'kubernetes.py')));
  });

  it('the commands take the same targets with or without the Kubernetes module, which adds its options alone', () => {
    const options = { deploy: ['--registry', '--timeout'], undeploy: ['--timeout'], status: [] };
    for (const [action, added] of Object.entries(options)) {
      const docker = cli(dockerOnly, [action, '--help'], standIns());
      const both = cli(withKubernetes, [action, '--help'], standIns());
      assert.equal(docker.status, 0, docker.stderr);
      assert.match(docker.stdout, /\{docker,kubernetes\}/);
      assert.deepEqual([...both.stdout.matchAll(/^ {2}(--\w+)/gm)].map((m) => m[1]), added);
      assert.deepEqual([...docker.stdout.matchAll(/^ {2}(--\w+)/gm)], []);
    }
  });

  it('without its module, a project has no Kubernetes target, and Docker still deploys', () => {
    const project = generated({ name: 'iris_classifier', kubernetes: true });
    rmSync(join(commands(project), 'kubernetes.py'));
    const refused = cli(project, ['deploy', 'kubernetes'], standIns(), { STANDIN_CONTEXT: 'kind-leo' });
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, 'error: this project has no kubernetes deployment: regenerate it with Leo and kubernetes switched on\n');
    assert.deepEqual(refused.calls, []);
    const docker = cli(project, ['deploy', 'docker'], standIns());
    assert.equal(docker.status, 0, docker.stderr);
    assert.equal(docker.calls.at(-1), 'docker compose up --detach');
  });
});
