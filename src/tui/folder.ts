// The target folder as the person types it and as the screens show it.
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { shownPath } from '../paths.js';

/** The absolute folder a typed folder stands for: `~` and `~/…` are the home folder, as in a shell. */
export function resolveFolder(typed: string): string {
  if (typed === '~') return homedir();
  if (typed.startsWith('~/')) return join(homedir(), typed.slice(2));
  return resolve(typed);
}

/**
 * Why nothing could be written to the folder, known before trying: the nearest existing folder
 * above it is a file, or one Leo may not write in. Undefined when it looks writable.
 */
export function parentProblem(target: string): string | undefined {
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    let stats;
    try {
      stats = statSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(dir) !== dir) continue;
      return `cannot look into ${shownPath(dir)} (${code})`;
    }
    if (!stats.isDirectory()) return `${shownPath(dir)} is a file, not a folder`;
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return `no permission to write in ${shownPath(dir)}`;
    }
    return undefined;
  }
}
