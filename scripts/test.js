// Runs the test files under test/ with node's own test runner (TypeScript through tsx), each file in
// a process of its own so that independent files run side by side and each one's time is known.
//   node scripts/test.js                 every file (the README's `npm test`)
//   node scripts/test.js --fast          the edit-test loop: unit, catalog, render and TUI tests
//   node scripts/test.js preset deploy   only the files whose path contains one of the words
// A file's output is printed whole when it ends (never interleaved), then a table of every file's
// time, slowest first, and one closing line with the totals.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** Folders of the fast tier: no Python venvs, no servers, no validators built from source. */
const FAST = ['test/unit/', 'test/tui/'];
/** A file still running after this long is hung: its process group is ended and it fails. */
const FILE_LIMIT_MS = 75 * 60_000;
/** Each file's time on the last run on this machine, to start the slowest first next time. */
const TIMINGS = '.cache/test-timings.json';
/** Without recorded times, the folders whose files build venvs and start servers go first. */
const FOLDER_WEIGHT = { e2e: 5, observability: 4, containers: 3, deploy: 2, tui: 1 };

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const filters = args.filter((arg) => arg !== '--fast');
const files = readdirSync('test', { recursive: true })
  .map((file) => join('test', String(file)))
  .filter((file) => /\.test\.tsx?$/.test(file))
  .filter((file) => !fast || FAST.some((folder) => file.startsWith(folder)))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

const recorded = readRecorded();
const expected = (file) => recorded[file] ?? (FOLDER_WEIGHT[file.split('/')[1]] ?? 0) * 60_000;
files.sort((a, b) => expected(b) - expected(a) || a.localeCompare(b));

// Two at a time on a 2-core machine: most of a heavy file's time is waiting (pip, servers starting,
// subprocesses), and the tests are written to hold on a loaded machine. LEO_TEST_JOBS overrides.
const jobs = Number(process.env.LEO_TEST_JOBS) || Math.max(2, availableParallelism());
const started = Date.now();
const results = [];
const queue = [...files];
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, async () => {
  for (let file = queue.shift(); file; file = queue.shift()) results.push(await runFile(file));
}));

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) for (const key of Object.keys(totals)) totals[key] += r[key];
console.log(`\nper-file times (${jobs} at a time, ${seconds(Date.now() - started)} in all):`);
for (const r of [...results].sort((a, b) => b.ms - a.ms)) {
  const status = r.ok ? 'ok  ' : 'FAIL';
  console.log(`  ${status} ${seconds(r.ms).padStart(8)}  ${String(r.passed).padStart(3)} passed  ${r.file}`);
}
writeRecorded(results);
const failedFiles = results.filter((r) => !r.ok);
if (failedFiles.length) console.log(`\nfailed files: ${failedFiles.map((r) => r.file).join(' ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedFiles.length ? 1 : 0);

/** Runs one file in its own process group; its output is kept and printed when it ends. */
function runFile(file) {
  return new Promise((resolve) => {
    const begin = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const hung = setTimeout(() => {
      output += `\n${file}: still running after ${seconds(FILE_LIMIT_MS)}; ended\n`;
      process.kill(-child.pid, 'SIGKILL');
    }, FILE_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(hung);
      const ms = Date.now() - begin;
      const count = (word) => Number(output.match(new RegExp(`^\\S+ ${word} (\\d+)$`, 'm'))?.[1] ?? 0);
      const counts = { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
      // A file that failed to load, or was ended, may count no failed test: it fails all the same.
      const ok = code === 0 && counts.failed === 0 && counts.passed + counts.skipped > 0;
      if (!ok && counts.failed === 0) counts.failed = 1;
      process.stdout.write(`\n━━ ${file} (${seconds(ms)}${signal ? `, ${signal}` : ''})\n${output}`);
      resolve({ file, ms, ok, ...counts });
    });
  });
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function readRecorded() {
  try {
    return JSON.parse(readFileSync(TIMINGS, 'utf8'));
  } catch {
    return {};
  }
}

function writeRecorded(results) {
  mkdirSync('.cache', { recursive: true });
  writeFileSync(TIMINGS, JSON.stringify({ ...readRecorded(), ...Object.fromEntries(results.map((r) => [r.file, r.ms])) }, null, 2));
}
