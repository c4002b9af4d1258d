/**
 * Preset-mode benchmark: `leo --preset` for the largest project (every category's heaviest choice
 * on) against `node -e 0`, measured side by side in one run: the subjects take turns, each run
 * writes into a fresh folder, and the figure is the median wall time from spawn to exit.
 *
 *   npm run bench:preset [-- --runs 21]
 *
 * Target: leo at most 2x `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { leoBin, repoRoot } from '../test/helpers/leo.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

/** Every component on: the most templates to render and files to write. */
const EVERYTHING = {
  name: 'everything',
  framework: 'flask',
  model: 'sklearn',
  environment: 'virtualenv',
  logging: 'elk',
  monitoring: 'prometheus',
  gateway: 'kong',
  docker: true,
  kubernetes: true,
  spark: true,
  ci: 'github',
};

interface Subject {
  label: string;
  args: (out: string) => string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), 'leo-bench-preset-'));
try {
  const built = spawnSync(process.execPath, ['scripts/build.js'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  const preset = join(work, 'everything.json');
  writeFileSync(preset, JSON.stringify(EVERYTHING));

  const subjects: Subject[] = [
    { label: 'node -e 0', args: () => ['-e', '0'] },
    { label: 'leo --preset (everything on)', args: (out) => [leoBin, '--preset', preset, '--out', out] },
  ];
  let count = 0;
  const measure = (subject: Subject): number => {
    const out = join(work, `out-${(count += 1)}`);
    const start = performance.now();
    const result = spawnSync(process.execPath, subject.args(out), { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`${subject.label} failed: ${result.stderr}`);
    rmSync(out, { recursive: true, force: true });
    return elapsed;
  };
  const times = new Map<Subject, number[]>(subjects.map((s) => [s, []]));
  // One discarded round warms the file cache; then the subjects take turns, so drift hits both alike.
  for (const subject of subjects) measure(subject);
  for (let i = 0; i < runs; i += 1) for (const subject of subjects) times.get(subject)!.push(measure(subject));

  const [node, leo] = subjects.map((s) => median(times.get(s)!)) as [number, number];
  console.log(`spawn to exit, median of ${runs} runs (node ${process.version})`);
  for (const subject of subjects) console.log(`  ${subject.label.padEnd(30)} ${median(times.get(subject)!).toFixed(0).padStart(5)} ms`);
  const ratio = leo / node;
  console.log(`  leo / node -e 0 ${ratio.toFixed(2)}  (target <= 2)  ${ratio <= 2 ? 'ok' : 'MISSED'}`);
  process.exitCode = ratio <= 2 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
