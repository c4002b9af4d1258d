/**
 * The local control plane of scripts/cluster (`npm run cluster -- up`), one per test file, in a
 * folder of its own so that files running side by side do not share namespaces or processes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { repoRoot } from './leo.js';
import { type Run, runAsync } from './run.js';
import { tempDir } from './tmp.js';
import { requireTools } from './tools.js';

/** The cluster's programs, kubectl among them, as scripts/cluster/build.sh leaves them. */
export const clusterBin = join(repoRoot, '.cache', 'cluster', 'bin');
const script = join(repoRoot, 'scripts', 'cluster', 'cluster.ts');

export interface Cluster {
  kubeconfig: string;
  /** The environment that points kubectl (the cluster's own, first on PATH) at this cluster. */
  env: NodeJS.ProcessEnv;
  /** kubectl against the cluster, to its end. */
  kubectl(args: string[]): Promise<Run>;
  /** kubectl, failing with its output unless it exits with 0; returns its stdout. */
  kubectlOk(args: string[]): Promise<string>;
}

/**
 * A cluster for this test file: started before its tests, stopped after them (call it at the top
 * level of the file, where node:test's hooks belong). Where the programs were never built the tests
 * skip (a first build takes half an hour) unless LEO_REQUIRE_TOOLS=1: then `up` waits for .ci/run's
 * build in the background, or builds. The getter returns the cluster, or why there is none.
 */
export function clusterForFile(): () => Cluster | string {
  let cluster: Cluster | string = 'the cluster did not start';
  const dir = join(tempDir('leo-cluster-'), 'run');
  const command = (name: string) => runAsync(process.execPath, ['--import', 'tsx', script, name], { cwd: repoRoot, env: { LEO_CLUSTER_DIR: dir } });
  before(async () => {
    if (!existsSync(join(clusterBin, 'kube-apiserver')) && !requireTools) {
      cluster = 'the cluster programs are not built: `npm run -s cluster -- up` builds them (or .ci/run)';
      return;
    }
    const up = await command('up');
    if (up.status !== 0) throw new Error(`npm run cluster -- up failed:\n${up.output}`);
    const kubeconfig = up.stdout.trim().split('\n').at(-1)!;
    const env = { KUBECONFIG: kubeconfig, PATH: `${clusterBin}:${process.env.PATH}` };
    const kubectl = (args: string[]) => runAsync(join(clusterBin, 'kubectl'), args, { env });
    cluster = {
      kubeconfig,
      env,
      kubectl,
      async kubectlOk(args) {
        const result = await kubectl(args);
        if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.status}):\n${result.output}`);
        return result.stdout;
      },
    };
  });
  after(() => command('down'));
  return () => cluster;
}
