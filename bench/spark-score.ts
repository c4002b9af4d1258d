/**
 * Batch scoring benchmark: `score` on a generated flask + Spark project, rows/s of the whole command
 * (start-up included) for CSV inputs of growing size, with the single-process engine (--engine local)
 * against Spark with local[1] and local[2], side by side in one run; then the size at which Spark
 * starts paying off, from a straight line (start-up + rows x per-row cost) fitted to each engine.
 *
 *   npm run bench:spark-score [-- --sizes 10000,100000,1000000]
 *
 * Targets: local[2] faster than local[1] at 1M rows (Spark scales), and a crossover size reported.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inVenv } from '../test/helpers/python.js';
import { sparkProject } from './spark-project.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000,1000000' } } });
const sizes = values.sizes.split(',').map(Number);

// Iris-like rows with noise and an id, written by the project's own Python: no download.
const GENERATE = `
import csv, random, sys
from PROJECT import example_data
rows, _ = example_data.load_iris()
rng = random.Random(7)
with open(sys.argv[2], "w", newline="") as file:
    writer = csv.writer(file)
    writer.writerow(["id", "sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"])
    for index in range(int(sys.argv[1])):
        writer.writerow([index, *(round(v + rng.gauss(0, 0.2), 2) for v in rows[index % len(rows)])])
`;

const engines: Record<string, string[]> = {
  'single process': ['--engine', 'local'],
  'spark local[1]': ['--master', 'local[1]'],
  'spark local[2]': ['--master', 'local[2]'],
};

const project = sparkProject('bench_score');
const seconds: Record<string, number[]> = Object.fromEntries(Object.keys(engines).map((engine) => [engine, []]));
console.log('score INPUT.csv OUTPUT: wall time of the whole command (Python, model load, JVM start for Spark)');
for (const size of sizes) {
  const input = join(project.dir, `rows-${size}.csv`);
  inVenv(project.venv, project.dir, 'python', ['-c', GENERATE.replace("PROJECT", project.name), String(size), input]);
  for (const [engine, args] of Object.entries(engines)) {
    const output = join(project.dir, 'out.csv');
    rmSync(output, { recursive: true, force: true });
    rmSync(`${output}.rejected.csv`, { recursive: true, force: true });
    const start = process.hrtime.bigint();
    const result = spawnSync(project.venv.bin('python'), [`${project.name}cli.py`, 'score', ...args, input, output], {
      cwd: project.dir,
      encoding: 'utf8',
      timeout: 1_800_000,
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0 || !new RegExp(`scored ${size.toLocaleString('en-US')} of`).test(result.stdout)) {
      throw new Error(`${engine} failed:\n${result.stdout}\n${result.stderr}`);
    }
    seconds[engine]!.push(elapsed);
    console.log(`${String(size).padStart(9)} rows  ${engine.padEnd(15)} ${elapsed.toFixed(1).padStart(7)} s  ${(size / elapsed).toFixed(0).padStart(8)} rows/s`);
  }
  rmSync(input);
}

/** Least squares: seconds = start + perRow x rows. */
function line(times: number[]): { start: number; perRow: number } {
  const n = sizes.length;
  const mx = sizes.reduce((a, b) => a + b, 0) / n;
  const my = times.reduce((a, b) => a + b, 0) / n;
  const perRow = sizes.reduce((sum, x, i) => sum + (x - mx) * (times[i]! - my), 0) / sizes.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return { start: my - perRow * mx, perRow };
}

const local = line(seconds['single process']!);
for (const engine of ['spark local[1]', 'spark local[2]']) {
  const spark = line(seconds[engine]!);
  const crossover = (spark.start - local.start) / (local.perRow - spark.perRow);
  console.log(
    `${engine}: start-up ${spark.start.toFixed(1)} s, ${(1 / spark.perRow).toFixed(0)} rows/s after it; single process: start-up ` +
      `${local.start.toFixed(1)} s, ${(1 / local.perRow).toFixed(0)} rows/s; ` +
      (spark.perRow < local.perRow ? `Spark pays off above about ${Math.round(crossover).toLocaleString('en-US')} rows` : 'Spark never pays off here'),
  );
}
const last = sizes.length - 1;
console.log(`at ${sizes[last]} rows, local[2] / local[1] speed-up: ${(seconds['spark local[1]']![last]! / seconds['spark local[2]']![last]!).toFixed(2)}x`);
