/**
 * `npm run -s cluster -- up|status|down` as a user runs them: up prints the kubeconfig's path last
 * and finds a running cluster again; down leaves no process of it and no state behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { clusterBin } from '../helpers/cluster.js';
import { repoRoot } from '../helpers/leo.js';
import { runAsync } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { requireTools } from '../helpers/tools.js';

const dir = join(tempDir('leo-cluster-'), 'run');
const cluster = (command: string) =>
  runAsync('npm', ['run', '-s', 'cluster', '--', command], { cwd: repoRoot, env: { LEO_CLUSTER_DIR: dir } });

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

it('up, up again, status, down: one cluster, then no process and no state', async (t) => {
  if (!existsSync(join(clusterBin, 'kube-apiserver')) && !requireTools) {
    t.skip('the cluster programs are not built (npm run -s cluster -- up builds them)');
    return;
  }
  try {
    const up = await cluster('up');
    assert.equal(up.status, 0, up.output);
    assert.equal(up.stdout, `${join(dir, 'kubeconfig')}\n`);
    const { pids } = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pids: Record<string, number> };
    assert.deepEqual(Object.keys(pids).sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);

    const again = await cluster('up');
    assert.equal(again.status, 0, again.output);
    assert.equal(again.stdout, up.stdout);
    assert.match(again.stderr, /already running at https:\/\/127\.0\.0\.1:\d+/);
    const status = await cluster('status');
    assert.equal(status.status, 0, status.output);
    assert.match(status.stdout, /^running at https:\/\/127\.0\.0\.1:\d+\n/);
    const nodes = await runAsync(join(clusterBin, 'kubectl'), ['get', 'nodes', '--output', 'name'], { env: { KUBECONFIG: join(dir, 'kubeconfig') } });
    assert.equal(nodes.stdout, 'node/kwok-node-0\nnode/kwok-node-1\n', nodes.output);

    const down = await cluster('down');
    assert.equal(down.status, 0, down.output);
    assert.deepEqual(Object.entries(pids).filter(([, pid]) => alive(pid)), []);
    assert.equal(existsSync(dir), false);
    const stopped = await cluster('status');
    assert.equal(stopped.status, 1);
    assert.equal(stopped.stdout, 'not running\n');
  } finally {
    await cluster('down');
  }
});

it('an unknown command is refused with the usage', async () => {
  const result = await cluster('sideways');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /usage: npm run -s cluster -- up\|down\|status/);
});
