/**
 * A local Kubernetes control plane for the tests and for trying `deploy kubernetes` without a cloud:
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler as they run in any cluster, and
 * kwok in place of kubelets, simulating two nodes on which pods are scheduled, start and turn Ready
 * (no container runs; images are never pulled). Everything listens on loopback.
 *
 *   npm run -s cluster -- up      start it (or find it running); the kubeconfig's path is the last line
 *   npm run -s cluster -- down    stop every process of it and forget its state
 *   npm run -s cluster -- status  whether it runs, and its kubeconfig
 *
 * The programs are built from the Go module proxy by scripts/cluster/build.sh into .cache/cluster/bin
 * (up builds what is missing: the first build takes 20-40 minutes). State, logs and the kubeconfig
 * live in .cache/cluster/run; `LEO_CLUSTER_DIR` names another folder, so that test runs side by side
 * each have their own cluster.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = join(repo, '.cache', 'cluster', 'bin');
const runDir = resolve(process.env.LEO_CLUSTER_DIR ?? join(repo, '.cache', 'cluster', 'run'));
const kubeconfig = join(runDir, 'kubeconfig');
const stateFile = join(runDir, 'state.json');
/** How long one component may take to answer its health check: generous, for a loaded machine. */
const START_TIMEOUT_MS = 180_000;
const NODES = ['kwok-node-0', 'kwok-node-1'];

interface State {
  /** Process ids, by component, in start order. */
  pids: Record<string, number>;
  apiserver: string;
}

const log = (line: string) => process.stderr.write(`cluster: ${line}\n`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readState(): State | undefined {
  if (!existsSync(stateFile)) return undefined;
  return JSON.parse(readFileSync(stateFile, 'utf8')) as State;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts a program of the cluster in a session of its own, so that it outlives this command; its output goes to NAME.log. */
function start(name: string, program: string, args: string[]): ChildProcess {
  const out = openSync(join(runDir, `${name}.log`), 'a');
  const child = spawn(join(bin, program), args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  return child;
}

/** Polls until check() holds; a component that exits on the way is reported with its log's end. */
async function waitFor(name: string, child: ChildProcess | undefined, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with status ${child.exitCode}:\n${logTail(name)}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${START_TIMEOUT_MS / 1000} s:\n${logTail(name)}`);
    await sleep(250);
  }
}

function logTail(name: string): string {
  const file = join(runDir, `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '(no log)';
}

/**
 * The status of a GET over HTTPS: on the API server with the admin token and its certificate trusted,
 * or on another component's own /healthz, which answers anyone and serves a certificate made up at start.
 */
function httpsStatus(url: string, auth: { token: string; ca: string } | 'health'): Promise<number> {
  const options = auth === 'health' ? { rejectUnauthorized: false } : { ca: auth.ca, headers: { Authorization: `Bearer ${auth.token}` } };
  return new Promise((done, fail) => {
    const req = request(url, { ...options, timeout: 5_000 }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}

function kubectl(args: string[], input?: string): { status: number; output: string } {
  const result = spawnSync(join(bin, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function ensureBuilt(): void {
  const build = spawnSync('bash', [join(repo, 'scripts', 'cluster', 'build.sh')], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error('building the cluster programs failed (scripts/cluster/build.sh, output above)');
}

/** The kubeconfig every component and user shares: one admin identity, a static token. */
function writeKubeconfig(server: string, token: string, ca: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'leo-local', cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: 'leo-admin', user: { token } }],
    contexts: [{ name: 'leo-local', context: { cluster: 'leo-local', user: 'leo-admin' } }],
    'current-context': 'leo-local',
  };
  // JSON is YAML: kubectl reads it as it is.
  writeFileSync(kubeconfig, JSON.stringify(config, null, 2), { mode: 0o600 });
}

function nodeManifest(name: string): object {
  const resources = { cpu: '32', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      // kwok manages the nodes so annotated, and takes the role of their kubelets.
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { type: 'kwok', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
    },
    status: { allocatable: resources, capacity: resources },
  };
}

async function up(): Promise<void> {
  const running = readState();
  if (running && Object.values(running.pids).every(alive)) {
    log(`already running at ${running.apiserver}`);
    console.log(kubeconfig);
    return;
  }
  if (running) await down();
  ensureBuilt();
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(join(runDir, 'pki'), { recursive: true });
  const state: State = { pids: {}, apiserver: '' };
  const track = (name: string, child: ChildProcess) => {
    state.pids[name] = child.pid!;
    writeFileSync(stateFile, JSON.stringify(state));
    return child;
  };
  try {
    const [etcdClient, etcdPeer, apiPort, managerPort, schedulerPort, kwokPort] = await Promise.all(Array.from({ length: 6 }, freePort));
    const token = randomBytes(24).toString('hex');
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(runDir, 'pki', 'sa.key'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(runDir, 'pki', 'sa.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(runDir, 'tokens.csv'), `${token},leo-admin,leo-admin,"system:masters"\n`, { mode: 0o600 });

    log('starting etcd');
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = track('etcd', start('etcd', 'etcd', [
      '--name=leo', `--data-dir=${join(runDir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=leo=http://127.0.0.1:${etcdPeer}`,
      // A test cluster: no fsync per write, which a busy disk makes slow enough to time requests out.
      '--unsafe-no-fsync', '--log-level=warn',
    ]));
    await waitFor('etcd', etcd, async () => (await fetch(`${etcdUrl}/health`)).ok);

    log('starting kube-apiserver');
    const server = (state.apiserver = `https://127.0.0.1:${apiPort}`);
    const pki = join(runDir, 'pki');
    const apiserver = track('kube-apiserver', start('kube-apiserver', 'kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      // It makes its own serving certificate there; the kubeconfig trusts it.
      `--cert-dir=${pki}`,
      `--token-auth-file=${join(runDir, 'tokens.csv')}`, '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(pki, 'sa.pub')}`, `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      // The `kubernetes` Service's endpoints would be this loopback address, which Endpoints refuse.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
    ]));
    const caFile = join(pki, 'apiserver.crt');
    await waitFor('kube-apiserver', apiserver, async () =>
      existsSync(caFile) && (await httpsStatus(`${server}/readyz`, { token, ca: readFileSync(caFile, 'utf8') })) === 200);
    writeKubeconfig(server, token, readFileSync(caFile, 'utf8'));

    log('starting kube-controller-manager, kube-scheduler and kwok');
    const delegated = [`--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`];
    const manager = track('kube-controller-manager', start('kube-controller-manager', 'kube-controller-manager', [
      ...delegated, '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${managerPort}`,
      `--service-account-private-key-file=${join(pki, 'sa.key')}`, `--root-ca-file=${caFile}`,
    ]));
    const scheduler = track('kube-scheduler', start('kube-scheduler', 'kube-scheduler', [
      ...delegated, '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`,
    ]));
    const kwok = track('kwok', start('kwok', 'kwok', [
      `--kubeconfig=${kubeconfig}`, `--server-address=127.0.0.1:${kwokPort}`, `--config=${join(bin, 'kwok-stages.yaml')}`,
      '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--manage-nodes-with-label-selector=', '--manage-single-node=',
      '--cidr=10.0.0.0/24', '--node-ip=10.0.0.1', '--node-lease-duration-seconds=40',
    ]));
    const nodes = { apiVersion: 'v1', kind: 'List', items: NODES.map(nodeManifest) };
    const created = kubectl(['apply', '-f', '-'], JSON.stringify(nodes));
    if (created.status !== 0) throw new Error(`creating the nodes failed:\n${created.output}`);
    await waitFor('kwok', kwok, async () => kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=5s']).status === 0);
    // The service-account controller's first work: pods can be admitted once `default` exists.
    await waitFor('kube-controller-manager', manager, async () =>
      (await httpsStatus(`https://127.0.0.1:${managerPort}/healthz`, 'health')) === 200 &&
      kubectl(['get', 'serviceaccount', 'default', '--namespace=default']).status === 0);
    await waitFor('kube-scheduler', scheduler, async () => (await httpsStatus(`https://127.0.0.1:${schedulerPort}/healthz`, 'health')) === 200);
    log(`ready at ${server} with ${NODES.length} simulated nodes; logs in ${runDir}`);
    console.log(kubeconfig);
  } catch (error) {
    await down();
    throw error;
  }
}

/** Ends every process of the cluster (politely, then not) and removes its state. */
async function down(): Promise<void> {
  const state = readState();
  const pids = Object.values(state?.pids ?? {}).reverse();
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (pids.some(alive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
  while (pids.some(alive)) await sleep(50);
  rmSync(runDir, { recursive: true, force: true });
  if (pids.length) log(`stopped ${pids.length} processes`);
}

/** Each program leads its own process group (detached): the group goes with it. */
function signal(pid: number, name: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, name);
    } catch {
      // Already gone.
    }
  }
}

function status(): number {
  const state = readState();
  if (!state || !Object.values(state.pids).every(alive)) {
    console.log('not running');
    return 1;
  }
  console.log(`running at ${state.apiserver}`);
  console.log(kubeconfig);
  return 0;
}

const commands: Record<string, () => Promise<number | void> | number> = { up, down, status };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error(`usage: npm run -s cluster -- ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
try {
  process.exitCode = (await command()) ?? 0;
} catch (error) {
  console.error(`cluster: ${(error as Error).message}`);
  process.exitCode = 1;
}
