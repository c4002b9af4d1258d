import type { Catalog } from '../catalog/index.js';
import { pythonReserved } from './python-names.js';

const MAX_LENGTH = 64;

/**
 * Why a project name is unusable, or undefined when it is fine: every problem at once ("My-Name"
 * has a capital and a dash), joined. The name becomes a Python package, a folder and part of the
 * CLI's file name, so it must be a lower snake_case identifier that does not shadow a module the
 * project imports.
 */
export function nameProblem(name: string, catalog: Catalog): string | undefined {
  const problems = nameProblems(name, catalog);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Each reason the name is unusable; none when it is fine. */
export function nameProblems(name: string, catalog: Catalog): string[] {
  if (name.length === 0) return ['the name is empty'];
  const problems: string[] = [];
  const path = /[/\\]/.test(name) || name.includes('..');
  if (path) problems.push('the name must not contain path parts (/, \\ or ..)');
  if (name.length > MAX_LENGTH) problems.push(`the name is longer than ${MAX_LENGTH} characters`);
  const nonAscii = [...new Set(Array.from(name).filter((c) => c.codePointAt(0)! > 0x7f))];
  if (nonAscii.length > 0) problems.push(`non-ASCII letters are not allowed (${nonAscii.map((c) => `"${c}"`).join(', ')}): use a-z, digits and underscores`);
  if (/[A-Z]/.test(name)) problems.push('the name must be lower snake_case (no capital letters)');
  if (/^[0-9]/.test(name)) problems.push('the name must start with a lowercase letter, not a digit');
  else if (/^[^a-zA-Z\u0080-\u{10FFFF}]/u.test(name) && !path) problems.push('the name must start with a lowercase letter');
  // Characters reported above (capitals, non-ASCII, path parts) are not reported again here.
  const others = [...new Set(Array.from(name).filter((c) => !/[a-zA-Z0-9_]/.test(c) && c.codePointAt(0)! <= 0x7f && !(path && /[/\\.]/.test(c))))];
  if (others.length > 0) problems.push(`the name may contain only lowercase letters, digits and underscores (not ${others.map((c) => `"${c}"`).join(', ')})`);
  if (name.endsWith('_')) problems.push('the name must not end with an underscore');
  if (name.includes('__')) problems.push('the name must not contain a double underscore');
  // pytest collects `test*` modules and `Test*` classes: the package and its model class would be taken for tests.
  if (name.toLowerCase().startsWith('test')) problems.push('the name must not start with "test" (pytest would collect the project as tests)');
  if (problems.length > 0) return problems;
  const reserved = pythonReserved(name, catalog.pythonModules());
  return reserved ? [`"${name}" is ${reserved}`] : [];
}
