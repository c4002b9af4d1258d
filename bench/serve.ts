/**
 * Serving benchmark: the generated sklearn service against its peers, side by side in one run, on
 * the same trained model (the generated project's models/model.pkl) and the same 2 cores, wrk on
 * loopback. Servers: the generated Flask and Falcon services as shipped (default LOG_LEVEL, access
 * log on), the bare Flask and Falcon apps of bench/peers/ under the same gunicorn settings,
 * FastAPI on uvicorn (uvloop, httptools, 2 workers), MLServer + mlserver-sklearn (2 parallel
 * workers, and one process: its fastest here), BentoML (2 workers). Bodies of 1 and 100 rows, at
 * 16 and 64 connections; several rounds, the servers' order rotated each round; medians. Beside
 * each figure: p50/p99, the CPU time per request of the server's whole process tree, the 1-minute
 * load average at the end of the run, and errors.
 *
 *   npm run bench:serve [-- --rounds 3 --seconds 5]   the comparison
 *   npm run bench:serve -- --batching                 adaptive batching: c=64, 1-row requests
 *   npm run bench:serve -- --v2                       both asked in the Open Inference Protocol: generated against MLServer
 *   npm run bench:serve -- --quick                    a smoke run: 1 round of 2 s
 *   npm run bench:serve -- --only bare,fastapi        only the servers whose label has one of these
 *
 * Targets (ratios of median req/s, 1 and 100 rows, c=16 and c=64): generated >= 0.95x the bare app
 * of its framework, >= 1.0x FastAPI+uvicorn, >= 2x MLServer (its fastest configuration), >= 2x
 * BentoML; the same >= 2x MLServer when both are asked in V2 (--v2). Batching: the generated service
 * with batching on ahead of MLServer's and BentoML's adaptive batching, in throughput and p99.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectNames } from '../src/pipeline/index.js';
import { leoBin } from '../test/helpers/leo.js';
import { type Venv, freePort, freshVenv, inVenv } from '../test/helpers/python.js';
import { type ServerProcess, stopAll, stopServersOnExit } from './serve/processes.js';
import { type Batching, type Contract, type Framework, type Project, type Setup, type Subject, bare, bentoml, fastapi, generated, mlserver, peerVenv } from './serve/subjects.js';
import { type WrkResult, postScript, wrk } from './serve/wrk.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    batching: { type: 'boolean', default: false },
    v2: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds ?? (values.quick ? 1 : 3));
const SECONDS = Number(values.seconds ?? (values.quick ? 2 : 5));
const BATCH: Batching = { size: 32, waitMs: 2 };
const OFF: Batching = { size: 1, waitMs: 0 };

/** Three Iris rows of three different species, cycled to make a body of any size. */
const IRIS = [
  [5.1, 3.5, 1.4, 0.2],
  [5.9, 3.0, 4.2, 1.5],
  [6.7, 3.0, 5.2, 2.3],
];
const rows = (n: number) => Array.from({ length: n }, (_, i) => IRIS[i % IRIS.length]!);

function body(contract: Contract, n: number): string {
  if (contract === 'leo') return JSON.stringify({ inputs: rows(n) });
  // The generated service names its input tensor `inputs`; MLServer takes any name.
  return JSON.stringify({ inputs: [{ name: 'inputs', shape: [n, 4], datatype: 'FP64', data: rows(n).flat() }] });
}

interface Prediction {
  label: string;
  probabilities: Record<string, number>;
}

/** A server's predictions for `IRIS`, in Leo's form; `classes` names V2's probability columns (by their index without). */
async function predictions(url: string, subject: Subject, classes: string[]): Promise<Prediction[]> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body(subject.contract, IRIS.length) });
  const answer = (await response.json()) as any;
  if (response.status !== 200) throw new Error(`${subject.label}: ${response.status} ${JSON.stringify(answer)}`);
  if (subject.contract === 'leo') return subject.listAnswer ? answer : answer.predictions;
  // The probabilities: MLServer's one output, the generated service's 2-D one (beside its labels).
  const { data, shape } = (answer.outputs as { data: number[]; shape: number[] }[]).find((o) => o.shape.length === 2)!;
  const [count, width] = shape as [number, number];
  const names = Array.from({ length: width }, (_, j) => classes[j] ?? String(j));
  return Array.from({ length: count }, (_, i) => {
    const row = data.slice(i * width, (i + 1) * width);
    return { label: names[row.indexOf(Math.max(...row))]!, probabilities: Object.fromEntries(names.map((c, j) => [c, row[j]!])) };
  });
}

/** Same labels, and probabilities within the generated service's rounding (6 decimals). */
function sameAnswers(a: Prediction[], b: Prediction[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.label === b[i]!.label && Object.entries(p.probabilities).every(([c, v]) => Math.abs(v - (b[i]!.probabilities[c] ?? NaN)) <= 1e-6))
  );
}

interface Running {
  subject: Subject;
  server: ServerProcess;
  url: string;
}

/** Starts a subject and waits until it answers a 1-row prediction with a 200. */
async function launch(subject: Subject, logs: string): Promise<Running> {
  const port = await freePort();
  const logFile = join(logs, `${subject.label.replace(/[^a-z0-9]+/gi, '-')}.log`);
  const server = await subject.start(port, logFile);
  const url = `http://127.0.0.1:${port}${subject.path}`;
  const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body(subject.contract, 1) };
  // Generous: BentoML and MLServer take tens of seconds to start on a loaded 2-core machine.
  for (const deadline = Date.now() + 240_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 500))) {
    if (server.exited()) break;
    const status = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { subject, server, url };
  }
  await server.stop();
  throw new Error(`${subject.label} did not answer /predict with a 200; its log (${logFile}):\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
}

/**
 * What the generated service's /metadata says about adaptive batching: every key that mentions
 * batching, but `limits.max_batch_size` (MAX_BATCH_SIZE, the most rows one request may hold).
 */
async function batchingReported(url: string): Promise<string> {
  const metadata = await fetch(new URL('/metadata', url)).then((r) => r.json());
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      const at = `${path}${key}`;
      if (/batch/i.test(key) && at !== 'limits.max_batch_size') found.push(`${at}=${JSON.stringify(inner)}`);
      else visit(inner, `${at}.`);
    }
  };
  visit(metadata, '');
  return found.join(' ') || 'says nothing of batching (a build without it ignores BATCH_MAX_SIZE)';
}

function generateProject(home: string, framework: Framework): Project {
  const { name, className } = projectNames(`bench_${framework}`);
  writeFileSync(join(home, `${name}.json`), JSON.stringify({ name, framework, model: 'sklearn' }));
  const result = spawnSync(process.execPath, [leoBin, '--preset', `${name}.json`], { cwd: home, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const dir = join(home, name);
  const venv = freshVenv(dir, 'requirements.txt');
  inVenv(venv, dir, 'python', [`${name}cli.py`, 'train']);
  return { dir, name, className, venv };
}

interface Sample extends WrkResult {
  cpuMsPerRequest: number;
  load: number;
}

async function measure(running: Running, script: string, connections: number): Promise<Sample> {
  const before = running.server.cpuSeconds();
  const result = await wrk(running.url, script, connections, SECONDS);
  const cpu = running.server.cpuSeconds() - before;
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  return { ...result, cpuMsPerRequest: result.requests ? (cpu * 1000) / result.requests : NaN, load };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Summary extends Sample {
  /** The lowest and highest req/s of the rounds: how much the machine moved the figure. */
  rpsRange: [number, number];
}

/** Each column's median over the rounds; errors summed. */
function summary(samples: Sample[]): Summary {
  const m = (key: keyof Sample) => median(samples.map((s) => s[key]));
  const rps = samples.map((s) => s.rps);
  return {
    rps: m('rps'),
    rpsRange: [Math.min(...rps), Math.max(...rps)],
    requests: m('requests'),
    p50: m('p50'),
    p99: m('p99'),
    cpuMsPerRequest: m('cpuMsPerRequest'),
    load: m('load'),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
  };
}

interface Config {
  rows: number;
  connections: number;
}
const configName = (c: Config) => `${c.rows} row${c.rows > 1 ? 's' : ''}, c=${c.connections}`;

function subjectsFor(setup: Setup): Subject[] {
  if (values.batching) {
    return [
      generated(setup, 'flask', OFF),
      generated(setup, 'flask', BATCH),
      generated(setup, 'falcon', OFF),
      generated(setup, 'falcon', BATCH),
      mlserver(setup, 2, BATCH),
      mlserver(setup, 0, BATCH),
      bentoml(setup, BATCH),
    ];
  }
  if (values.v2) return [generated(setup, 'flask', undefined, 'v2'), generated(setup, 'falcon', undefined, 'v2'), mlserver(setup, 2), mlserver(setup, 0)];
  return [
    generated(setup, 'flask'),
    generated(setup, 'falcon'),
    bare(setup, 'flask'),
    bare(setup, 'falcon'),
    fastapi(setup),
    mlserver(setup, 2),
    mlserver(setup, 0),
    bentoml(setup),
  ];
}

function table(results: Map<string, Map<string, Summary>>, configs: Config[], labels: string[]): void {
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  for (const config of configs) {
    console.log(`\n${configName(config)}`);
    console.log(`${'server'.padEnd(width)}${'req/s'.padStart(8)}${'range'.padStart(12)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU ms/req'.padStart(12)}${'load1'.padStart(7)}${'errors'.padStart(8)}`);
    for (const label of labels) {
      const s = results.get(label)!.get(configName(config))!;
      console.log(
        `${label.padEnd(width)}${s.rps.toFixed(0).padStart(8)}${s.rpsRange.map((r) => r.toFixed(0)).join('-').padStart(12)}${s.p50.toFixed(2).padStart(9)}${s.p99.toFixed(2).padStart(9)}${s.cpuMsPerRequest.toFixed(2).padStart(12)}${s.load.toFixed(2).padStart(7)}${String(s.errors).padStart(8)}`,
      );
    }
  }
}

const TITLES = {
  rps: 'ratio of median req/s',
  p99: 'ratio of median p99, baseline / subject',
  cpuMsPerRequest: 'ratio of CPU ms/request, baseline / subject',
};

/**
 * One line per target: in each configuration the subject's median req/s over the baseline's (the
 * best of several baselines), or for p99 and CPU time per request the baseline's over the
 * subject's: above 1 is better.
 */
function ratios(results: Map<string, Map<string, Summary>>, configs: Config[], targets: [string, string | string[], number][], metric: keyof typeof TITLES = 'rps'): void {
  const value = (label: string, config: Config) => results.get(label)?.get(configName(config))?.[metric] ?? NaN;
  const names = targets.map(([a, b, min]) => `${a} / ${Array.isArray(b) ? b.join(' | ') : b} >= ${min}`);
  const title = `${TITLES[metric]} (best baseline of | )`;
  const width = Math.max(title.length, ...names.map((n) => n.length)) + 2;
  console.log(`\n${title.padEnd(width)}${configs.map((c) => configName(c).padStart(17)).join('')}`);
  targets.forEach(([subject, baseline, min], i) => {
    const cells = configs.map((config) => {
      const bases = [baseline].flat().map((b) => value(b, config));
      const ratio = metric === 'rps' ? value(subject, config) / Math.max(...bases) : Math.min(...bases) / value(subject, config);
      return `${ratio.toFixed(2)} ${Number.isNaN(ratio) ? '?' : ratio >= min ? 'met' : 'MISSED'}`.padStart(17);
    });
    console.log(`${names[i]!.padEnd(width)}${cells.join('')}`);
  });
}

async function main(): Promise<void> {
  stopServersOnExit();
  const home = mkdtempSync(join(tmpdir(), 'leo-bench-serve-'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  const logs = join(home, 'logs');
  mkdirSync(logs);

  const venvs = new Map<string, Venv>();
  const setup: Setup = {
    home,
    projects: { flask: generateProject(home, 'flask'), falcon: generateProject(home, 'falcon') },
    peerVenv: (peer) => venvs.get(peer) ?? venvs.set(peer, peerVenv(home, peer)).get(peer)!,
  };
  const filters = values.only?.split(',') ?? [];
  const subjects = subjectsFor(setup).filter((s) => filters.length === 0 || filters.some((f) => s.label.includes(f)));
  const configs: Config[] = values.batching
    ? [{ rows: 1, connections: 64 }]
    : [
        { rows: 1, connections: 16 },
        { rows: 1, connections: 64 },
        { rows: 100, connections: 16 },
        { rows: 100, connections: 64 },
      ];

  const running: Running[] = [];
  for (const subject of subjects) running.push(await launch(subject, logs));

  // The same answers everywhere: the first server in Leo's contract gives the reference (and the
  // class names of V2's probability columns); without one, the first server, classes by index.
  const first = running.find((r) => r.subject.contract === 'leo') ?? running[0];
  if (first) {
    const reference = await predictions(first.url, first.subject, []);
    const classes = first.subject.contract === 'leo' ? Object.keys(reference[0]!.probabilities) : [];
    for (const { subject, url } of running) {
      if (!sameAnswers(await predictions(url, subject, classes), reference)) throw new Error(`${subject.label} does not answer as ${first.subject.label} does`);
    }
    console.log(`same answers from all ${running.length} servers for ${IRIS.length} rows of 3 species: labels, and class probabilities within 1e-6`);
  }
  if (values.batching) {
    for (const { subject, url } of running.filter((r) => r.subject.label.startsWith('generated'))) console.log(`${subject.label}: /metadata: ${await batchingReported(url)}`);
  }

  const scripts = new Map<string, string>();
  const script = (contract: Contract, n: number) => {
    const key = `${contract}-${n}`;
    if (!scripts.has(key)) scripts.set(key, postScript(home, key, body(contract, n)));
    return scripts.get(key)!;
  };
  for (const r of running) {
    const warm = await wrk(r.url, script(r.subject.contract, 1), 16, Math.min(SECONDS, 2));
    if (warm.errors) throw new Error(`${r.subject.label}: ${warm.errors} errors while warming up; see its log`);
  }

  const samples = new Map<string, Map<string, Sample[]>>(running.map((r) => [r.subject.label, new Map(configs.map((c) => [configName(c), []]))]));
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotated each round: a burst of load elsewhere, or the machine warming, favours no one server.
    const order = running.map((_, i) => running[(i + round) % running.length]!);
    for (const config of configs) {
      for (const r of order) samples.get(r.subject.label)!.get(configName(config))!.push(await measure(r, script(r.subject.contract, config.rows), config.connections));
    }
    console.error(`round ${round + 1}/${ROUNDS} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
  await stopAll();

  const results = new Map([...samples].map(([label, byConfig]) => [label, new Map([...byConfig].map(([config, s]) => [config, summary(s)]))]));
  console.log(`\nPOST, wrk -t1 for ${SECONDS} s per run on loopback, median of ${ROUNDS} interleaved round(s), ${running.length} servers; load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}`);
  table(results, configs, running.map((r) => r.subject.label));
  const present = new Set(results.keys());
  const has = (...labels: string[]) => labels.every((l) => present.has(l));
  if (values.batching) {
    const targets: [string, string | string[], number][] = [];
    for (const framework of ['flask', 'falcon']) {
      const on = `generated ${framework}, batching ${BATCH.size}/${BATCH.waitMs} ms`;
      const off = `generated ${framework}, batching off`;
      const peers = [`mlserver, 2 workers, batching ${BATCH.size}/${BATCH.waitMs} ms`, `mlserver, 1 process, batching ${BATCH.size}/${BATCH.waitMs} ms`].filter((p) => present.has(p));
      if (has(on, off)) targets.push([on, off, 1]);
      if (has(on) && peers.length) targets.push([on, peers, 1]);
      if (has(on, `bentoml, batchable ${BATCH.size}`)) targets.push([on, `bentoml, batchable ${BATCH.size}`, 1]);
    }
    ratios(results, configs, targets);
    ratios(results, configs, targets, 'p99');
  } else {
    const targets: [string, string | string[], number][] = [];
    for (const framework of ['flask', 'falcon']) {
      const subject = `generated ${framework}${values.v2 ? ' (V2)' : ''}`;
      if (!has(subject)) continue;
      if (has(`bare ${framework}`)) targets.push([subject, `bare ${framework}`, 0.95]);
      if (has('fastapi+uvicorn')) targets.push([subject, 'fastapi+uvicorn', 1]);
      const ml = ['mlserver, 2 workers', 'mlserver, 1 process'].filter((p) => present.has(p));
      if (ml.length) targets.push([subject, ml, 2]);
      if (has('bentoml')) targets.push([subject, 'bentoml', 2]);
    }
    ratios(results, configs, targets);
    // The same targets in CPU time per request: steadier than req/s when the machine is loaded.
    ratios(results, configs, targets, 'cpuMsPerRequest');
  }
}

try {
  await main();
} finally {
  await stopAll();
}
