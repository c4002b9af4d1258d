/**
 * Spark serving benchmark: single-row POST /predict on a generated flask + Spark project, the
 * pipeline evaluated in-process (the default) against today's path, a Spark job per request
 * (SERVE_WITH_SPARK=true), both with 2 gunicorn workers, up at once, in interleaved rounds of wrk on
 * loopback. Also the memory of each worker (its own RSS plus its children's: the JVM on the Spark path).
 *
 *   npm run bench:spark-serve [-- --seconds 10 --rounds 3]
 *
 * Targets: in-process >= 100x the Spark path's throughput and >= 200 req/s; no JVM beside its workers.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { catalog } from '../src/catalog/index.js';
import { type Server, freePort, startServer } from '../test/helpers/python.js';
import { sparkProject } from './spark-project.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
const ROW = [5.1, 3.5, 1.4, 0.2];

interface Load {
  rps: number;
  p50: number;
  errors: number;
}

function wrk(url: string, script: string): Load {
  // Bounded: a fixed duration against loopback only. A request slower than 10 s counts as an error.
  const result = spawnSync('wrk', ['-t1', '-c8', `-d${values.seconds}s`, '--timeout', '10s', '--latency', '-s', script, `${url}/predict`], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1]);
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(result.stdout);
  const scale = { us: 0.001, ms: 1, s: 1000 }[(p50?.[2] ?? 'ms') as 'us' | 'ms' | 's'];
  const errors = [...result.stdout.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0) +
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(result.stdout)?.[1] ?? 0);
  return { rps, p50: Number(p50?.[1] ?? NaN) * scale, errors };
}

/** Per gunicorn worker of a server: [RSS of the worker, RSS of its descendants, whether one is a JVM], in MiB. */
function workerMemory(server: Server): { python: number; children: number; jvm: boolean }[] {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,pgid=,rss=,comm='], { encoding: 'utf8' }).stdout;
  const procs = ps.trim().split('\n').map((line) => {
    const [pid, ppid, pgid, rss, ...comm] = line.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), rss: Number(rss) / 1024, comm: comm.join(' ') };
  }).filter((p) => p.pgid === server.pid);
  const descendants = (pid: number): typeof procs => procs.filter((p) => p.ppid === pid).flatMap((p) => [p, ...descendants(p.pid)]);
  return procs.filter((p) => p.ppid === server.pid).map((worker) => {
    const children = descendants(worker.pid);
    return { python: worker.rss, children: children.reduce((sum, p) => sum + p.rss, 0), jvm: children.some((p) => p.comm === 'java') };
  });
}

async function readyTwice(server: Server): Promise<void> {
  // Both workers load the model at start; /health/ready reaches one at a time, so ask until several say so.
  for (let streak = 0, deadline = Date.now() + 300_000; streak < 6; ) {
    if (Date.now() > deadline) throw new Error(`not ready:\n${server.logs()}`);
    streak = (await fetch(`${server.url}/health/ready`).catch(() => undefined))?.status === 200 ? streak + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const project = sparkProject('bench_spark');
const script = join(project.dir, 'post.lua');
writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '${JSON.stringify({ inputs: [ROW] })}'\n`);
const paths = { 'in-process': {}, 'spark job': { SERVE_WITH_SPARK: 'true' } } as const;
const servers: Partial<Record<keyof typeof paths, Server>> = {};
try {
  for (const [path, env] of Object.entries(paths) as [keyof typeof paths, Record<string, string>][]) {
    const port = await freePort();
    servers[path] = await startServer(project.venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${project.name}.wsgi:app`], {
      cwd: project.dir,
      port,
      timeoutMs: 300_000,
      env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'WARNING', ...catalog.get('spark').environment, ...env },
    });
    await readyTwice(servers[path]!);
  }
  const rounds: Record<string, Load[]> = { 'in-process': [], 'spark job': [] };
  for (const server of Object.values(servers)) wrk(server!.url, script); // warm-up
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const path of Object.keys(paths) as (keyof typeof paths)[]) rounds[path]!.push(wrk(servers[path]!.url, script));
  }
  console.log(`single-row POST /predict, wrk -t1 -c8 -d${values.seconds}s on loopback, gunicorn 2 workers, median of ${values.rounds} interleaved rounds`);
  const median: Record<string, Load> = {};
  for (const path of Object.keys(paths) as (keyof typeof paths)[]) {
    const load = [...rounds[path]!].sort((a, b) => a.rps - b.rps)[Math.floor(rounds[path]!.length / 2)]!;
    median[path] = load;
    const memory = workerMemory(servers[path]!)
      .map((w) => `${w.python.toFixed(0)} MiB python + ${w.children.toFixed(0)} MiB children${w.jvm ? ' (JVM)' : ''}`)
      .join('; ');
    console.log(`${path.padEnd(10)} ${load.rps.toFixed(1).padStart(8)} req/s  p50 ${load.p50.toFixed(2)} ms  errors ${load.errors}  per worker: ${memory}`);
  }
  const ratio = median['in-process']!.rps / median['spark job']!.rps;
  console.log(`throughput ratio in-process / spark job: ${ratio.toFixed(0)}x (target >= 100x, and >= 200 req/s)`);
} finally {
  for (const server of Object.values(servers)) await server?.stop();
}
