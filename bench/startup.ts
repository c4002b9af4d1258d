/**
 * Start-up benchmark: the time from `leo` being exec'd to its first full frame in an 80x24
 * pseudo-terminal, median of repeated runs, against two baselines measured in the same run and
 * the same way: `node -e 0` (to its exit) and a one-line Ink app (to its frame), bundled with
 * Leo's own bundle options.
 *
 *   npm run bench:startup [-- --runs 21]
 *
 * Targets: within 1.3x the one-line Ink app, and under 3x `node -e 0`.
 *
 * The pseudo-terminal is util-linux `script`. The shell inside it prints a marker right before it
 * runs the command, and the clock runs from that marker to the command's frame (or exit), so the
 * cost of starting `script` and the shell is outside every figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/build.js';
import { leoBin, repoRoot } from '../test/helpers/leo.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

const START = 'bench-clock-starts';
/** Ink ends every frame with "end synchronized update". */
const END_OF_FRAME = '\u001B[?2026l';

interface Subject {
  label: string;
  command: string[];
  /** Text of the first frame; the frame is complete at the end of the synchronized update after it. Absent: until exit. */
  frame?: string;
  /** What ends a subject that waits for keys once its frame is in, so that runs never overlap. */
  quit?: string;
}

// Ink draws nothing until exit when it believes it runs in CI.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CI' && !name.startsWith('CI_') && name !== 'CONTINUOUS_INTEGRATION'));
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** One run: milliseconds from the start marker to the first full frame (or to the exit). */
function measure(subject: Subject, cwd: string): Promise<number> {
  const shell = `stty cols 80 rows 24; printf '${START}'; ${subject.command.map(quote).join(' ')}; printf '\\nexited\\n'`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', shell, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
    // The subject may be gone by the time its quit key is written; that is fine.
    child.stdin.on('error', () => {});
    let output = '';
    let start: number | undefined;
    let elapsed: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const now = performance.now();
      output += chunk.toString('utf8');
      if (start === undefined && output.includes(START)) start = now;
      if (start === undefined || elapsed !== undefined) return;
      const at = subject.frame ? output.indexOf(subject.frame) : -1;
      if (subject.frame ? at >= 0 && output.indexOf(END_OF_FRAME, at) >= 0 : output.includes('\nexited')) {
        elapsed = now - start;
        if (subject.quit) child.stdin.write(subject.quit);
      }
    });
    child.on('error', reject);
    child.on('exit', () => (elapsed === undefined ? reject(new Error(`${subject.label}: no frame seen:\n${output}`)) : resolve(elapsed)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), 'leo-bench-startup-'));
try {
  if (spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('util-linux `script` is needed for the pseudo-terminal');
  const built = spawnSync(process.execPath, ['scripts/build.js'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  await build({ ...bundleOptions, entryPoints: [join(repoRoot, 'bench/minimal-ink.tsx')], outdir: join(work, 'minimal-ink') });

  const subjects: Subject[] = [
    { label: 'node -e 0', command: [process.execPath, '-e', '0'] },
    { label: 'one-line Ink app (bundled like Leo)', command: [process.execPath, join(work, 'minimal-ink', 'minimal-ink.js')], frame: 'minimal ink app' },
    { label: 'leo, first full frame', command: [process.execPath, leoBin], frame: 'F1 help', quit: '\u0003' },
  ];
  const times = new Map<Subject, number[]>(subjects.map((s) => [s, []]));
  // One discarded round warms the file cache; then the subjects take turns, so drift hits all alike.
  for (const subject of subjects) await measure(subject, work);
  for (let i = 0; i < runs; i += 1) {
    for (const subject of subjects) times.get(subject)!.push(await measure(subject, work));
  }

  const [node, ink, leo] = subjects.map((s) => median(times.get(s)!)) as [number, number, number];
  console.log(`start-up to first full frame, 80x24 pseudo-terminal, median of ${runs} runs (node ${process.version})`);
  for (const subject of subjects) console.log(`  ${subject.label.padEnd(38)} ${median(times.get(subject)!).toFixed(0).padStart(5)} ms`);
  const vsInk = leo / ink;
  const vsNode = leo / node;
  console.log(`  leo / Ink app   ${vsInk.toFixed(2)}  (target <= 1.3)  ${vsInk <= 1.3 ? 'ok' : 'MISSED'}`);
  console.log(`  leo / node -e 0 ${vsNode.toFixed(2)}  (target < 3)     ${vsNode < 3 ? 'ok' : 'MISSED'}`);
  process.exitCode = vsInk <= 1.3 && vsNode < 3 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
