import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Both src/*.ts (under tsx) and the bundled dist/*.js sit one level below the package root.
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const templatesRoot = fileURLToPath(new URL('../templates', import.meta.url));

export const leoVersion: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/**
 * A path as Leo shows it to a person: relative when it is inside the working folder, else absolute
 * (with ~ for the home folder), never a climb of ../.. out of the working folder.
 */
export function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  if (inside === '') return '.';
  if (!inside.startsWith('..') && !isAbsolute(inside)) return inside;
  const home = relative(homedir(), path);
  return home !== '' && !home.startsWith('..') && !isAbsolute(home) ? `~/${home}` : path;
}

/** A shown path as one shell word: quoted when it must be, with a leading ~/ left outside the quotes so that the shell expands it. */
export function shellWord(path: string): string {
  const home = path.startsWith('~/') ? '~/' : '';
  const rest = path.slice(home.length);
  return /^[\w@%+=:,./-]*$/.test(rest) ? path : `${home}'${rest.replaceAll("'", "'\\''")}'`;
}
