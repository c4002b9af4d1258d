import { fileURLToPath } from 'node:url';
import { type Run, run } from './run.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const leoBin = fileURLToPath(new URL('../../bin/leo.js', import.meta.url));

/** Runs the built `leo` binary as a user would, with no terminal attached; env adds to the test's own. */
export function runLeo(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  return run(process.execPath, [leoBin, ...args], { cwd, env });
}
