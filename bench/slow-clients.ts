/**
 * Slow-client benchmark: how a generated service answers normal traffic while N clients hold
 * connections open (headers and part of a body sent, then nothing), per gunicorn worker model,
 * side by side in one run on loopback. The generated configuration (gevent) against sync and
 * gthread, which it replaced.
 *
 *   npm run bench:slow-clients [-- --stalled 16 --rounds 5]
 *
 * Target: with the generated configuration, every /health/live answers within 1 s and every
 * /predict succeeds, whatever the number of stalled clients.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { leoBin } from '../test/helpers/leo.js';
import { freePort, freshVenv, inVenv, startServer } from '../test/helpers/python.js';

const { values } = parseArgs({ options: { stalled: { type: 'string', default: '16' }, rounds: { type: 'string', default: '5' } } });
const STALLED = Number(values.stalled);
const ANSWER_WITHIN_MS = 5_000;
const workerModels: [string, string[]][] = [
  ['generated (gevent)', []],
  ['sync', ['-k', 'sync']],
  ['gthread, 4 threads', ['-k', 'gthread', '--threads', '4']],
];

function stall(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"inputs"');
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Milliseconds to a 200, or Infinity when there was none within ANSWER_WITHIN_MS. */
async function answered(url: string, init?: RequestInit): Promise<number> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    await response.arrayBuffer();
    return response.status === 200 ? performance.now() - started : Infinity;
  } catch {
    return Infinity;
  }
}

const home = mkdtempSync(join(tmpdir(), 'leo-bench-slow-'));
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
const name = 'bench_slow';
writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework: 'flask', model: 'sklearn' }));
const generated = spawnSync(process.execPath, [leoBin, '--preset', 'preset.json'], { cwd: home, encoding: 'utf8' });
if (generated.status !== 0) throw new Error(generated.stderr);
const project = join(home, name);
const venv = freshVenv(project, 'requirements.txt');
inVenv(venv, project, 'python', [`${name}cli.py`, 'train']);

const body = JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] });
console.log(`${STALLED} stalled clients, gunicorn 2 workers, ${values.rounds} rounds of GET /health/live + POST /predict, each given ${ANSWER_WITHIN_MS / 1000} s`);
for (const [label, args] of workerModels) {
  const port = await freePort();
  const server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', ...args, `${name}.wsgi:app`], {
    cwd: project,
    port,
    readyPath: '/health/ready',
    env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'WARNING' },
  });
  const sockets = await Promise.all(Array.from({ length: STALLED }, () => stall(port)));
  const live: number[] = [];
  const predict: number[] = [];
  try {
    for (let round = 0; round < Number(values.rounds); round += 1) {
      live.push(await answered(`${server.url}/health/live`));
      predict.push(await answered(`${server.url}/predict`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }));
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.stop();
  }
  const show = (samples: number[]) => {
    const failed = samples.filter((s) => s === Infinity).length;
    const worst = Math.max(...samples.filter((s) => s !== Infinity), 0);
    return `${samples.length - failed}/${samples.length} answered, worst ${worst.toFixed(0)} ms`;
  };
  console.log(`${label.padEnd(20)} /health/live ${show(live)} | /predict ${show(predict)}`);
}
