/** A generated flask + Spark project, installed into a fresh venv and trained: what the Spark benchmarks run. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leoBin } from '../test/helpers/leo.js';
import { type Venv, freshVenv, inVenv } from '../test/helpers/python.js';

export interface SparkProject {
  name: string;
  dir: string;
  venv: Venv;
}

export function sparkProject(name: string): SparkProject {
  const home = mkdtempSync(join(tmpdir(), 'leo-bench-spark-'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework: 'flask', spark: true }));
  const generated = spawnSync(process.execPath, [leoBin, '--preset', 'preset.json'], { cwd: home, encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(generated.stderr);
  const dir = join(home, name);
  const venv = freshVenv(dir, 'requirements.txt');
  inVenv(venv, dir, 'python', [`${name}cli.py`, 'train']);
  return { name, dir, venv };
}
