import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const leoBin = fileURLToPath(new URL('../../bin/leo.js', import.meta.url));

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `leo` binary as a user would, with no terminal attached. */
export function runLeo(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): RunResult {
  const result = spawnSync(process.execPath, [leoBin, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
