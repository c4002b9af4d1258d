/**
 * Serving benchmark: requests/s and p50/p99 latency of POST /predict on the generated Flask and Falcon
 * services against a minimal hand-written app of the same framework calling the same model, with
 * the same gunicorn settings, side by side in one run with wrk on loopback. Also the wall time of
 * `leo --preset` against `node -e 0`.
 *
 *   npm run bench:serve [-- --seconds 5 --rounds 3]
 *
 * Targets: generated >= 90% of the bare app's throughput; `leo --preset` < 3x `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectNames } from '../src/pipeline/index.js';
import { leoBin } from '../test/helpers/leo.js';
import { type Server, freePort, freshVenv, inVenv, startServer } from '../test/helpers/python.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, runs: { type: 'string', default: '15' } } });
const seconds = Number(values.seconds);
const ROW = [5.1, 3.5, 1.4, 0.2];

const bareApps: Record<string, (name: string) => string> = {
  flask: (name) => `
from flask import Flask, jsonify, request
${loadModel(name)}
app = Flask(__name__)

@app.post("/predict")
def predict():
    return jsonify(predictions=model.predict(request.get_json()["inputs"]))
`,
  falcon: (name) => `
import falcon
${loadModel(name)}

class Predict:
    def on_post(self, req, resp):
        resp.media = {"predictions": model.predict(req.get_media()["inputs"])}

app = falcon.App()
app.add_route("/predict", Predict())
`,
};

function loadModel(name: string): string {
  return `from pathlib import Path
from ${name}.model import ${projectNames(name).className}
model = ${projectNames(name).className}()
model.load_model(Path("models/model.pkl"))`;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
}

/** Latency in ms from wrk's "50%  1.23ms" style lines. */
function ms(text: string, label: string): number {
  const match = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(text);
  if (!match) throw new Error(`no ${label} in wrk output:\n${text}`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

function wrk(url: string, rows: number, dir: string): Load {
  const script = join(dir, `post-${rows}.lua`);
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '${JSON.stringify({ inputs: Array(rows).fill(ROW) })}'\n`,
  );
  // Bounded: a fixed duration against loopback only.
  const result = spawnSync('wrk', ['-t1', '-c8', `-d${seconds}s`, '--latency', '-s', script, `${url}/predict`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  if (/Non-2xx/.test(result.stdout)) throw new Error(`errors under load:\n${result.stdout}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1]);
  return { rps, p50: ms(result.stdout, '50%'), p99: ms(result.stdout, '99%') };
}

function medianLoad(loads: Load[]): Load {
  return [...loads].sort((a, b) => a.rps - b.rps)[Math.floor(loads.length / 2)]!;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function wallTime(args: string[], cwd: string): number {
  const samples = Array.from({ length: Number(values.runs) }, () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  return median(samples);
}

const home = mkdtempSync(join(tmpdir(), 'leo-bench-'));
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
const rows: string[] = [];
let worst = Infinity;
for (const framework of ['flask', 'falcon']) {
  const name = `bench_${framework}`;
  writeFileSync(join(home, `${name}.json`), JSON.stringify({ name, framework, model: 'sklearn' }));
  const generated = spawnSync(process.execPath, [leoBin, '--preset', `${name}.json`], { cwd: home, encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(generated.stderr);
  const project = join(home, name);
  const venv = freshVenv(project, 'requirements.txt');
  inVenv(venv, project, 'python', [`${name}cli.py`, 'train']);
  writeFileSync(join(project, 'bare_app.py'), bareApps[framework]!(name));

  const servers = [];
  for (const module of [`${name}.wsgi:app`, 'bare_app:app']) {
    const port = await freePort();
    servers.push(
      await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', module], {
        cwd: project,
        port,
        readyPath: '/predict',
        env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'WARNING' },
      }),
    );
  }
  const [generatedServer, bareServer] = servers as [Server, Server];
  const results: Record<'generated' | 'bare', Record<number, Load>> = { generated: {}, bare: {} };
  try {
    for (const server of servers) wrk(server.url, 1, home); // warm-up
    for (const batch of [1, 100]) {
      // Interleaved rounds, median by throughput: a burst of load elsewhere hits both sides alike.
      const rounds: Record<'generated' | 'bare', Load[]> = { generated: [], bare: [] };
      for (let round = 0; round < Number(values.rounds); round += 1) {
        rounds.generated.push(wrk(generatedServer.url, batch, home));
        rounds.bare.push(wrk(bareServer.url, batch, home));
      }
      results.generated[batch] = medianLoad(rounds.generated);
      results.bare[batch] = medianLoad(rounds.bare);
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  for (const batch of [1, 100]) {
    const gen = results.generated![batch]!;
    const bare = results.bare![batch]!;
    const ratio = gen.rps / bare.rps;
    worst = Math.min(worst, ratio);
    rows.push(
      `${framework.padEnd(7)} ${String(batch).padStart(3)} rows  generated ${gen.rps.toFixed(0).padStart(6)} req/s p50 ${gen.p50.toFixed(2)} ms p99 ${gen.p99.toFixed(2)} ms | ` +
        `bare ${bare.rps.toFixed(0).padStart(6)} req/s p50 ${bare.p50.toFixed(2)} ms p99 ${bare.p99.toFixed(2)} ms | ratio ${ratio.toFixed(2)}`,
    );
  }
}

writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'timed', framework: 'flask', model: 'sklearn' }));
const leo = wallTime([leoBin, '--preset', 'preset.json', '--out', 'timed', '--force'], home);
const node = wallTime(['-e', '0'], home);

console.log(`POST /predict, wrk -t1 -c8 -d${seconds}s on loopback, gunicorn 2 workers, median of ${values.rounds} interleaved rounds`);
for (const row of rows) console.log(row);
console.log(`worst throughput ratio generated/bare: ${worst.toFixed(2)} (target >= 0.90)`);
console.log(`leo --preset: ${leo.toFixed(0)} ms, node -e 0: ${node.toFixed(0)} ms, ratio ${(leo / node).toFixed(2)} (target < 3)`);
