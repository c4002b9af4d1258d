// The target folder as the person types it and as the screens show it.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { shownPath } from '../paths.js';

/** The absolute folder a typed folder stands for: `~`, `~/…`, `~user` and `~user/…` are home folders, as in a shell. */
export function resolveFolder(typed: string): string {
  const tilde = /^~([^/]*)(?:\/(.*))?$/.exec(typed);
  const home = tilde && (tilde[1] ? homeOf(tilde[1]) : homedir());
  // An unknown user's ~name is a folder of that name, as a shell leaves it.
  return home ? join(home, tilde![2] ?? '') : resolve(typed);
}

/** A user's home folder, from the password database, as a shell looks up ~user. */
function homeOf(user: string): string | undefined {
  let passwd;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  return passwd.split('\n').find((line) => line.split(':')[0] === user)?.split(':')[5] || undefined;
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
