import type { Catalog } from '../catalog/index.js';
import { pythonReserved } from './python-names.js';

const MAX_LENGTH = 64;

/**
 * Why a project name is unusable, or undefined when it is fine. The name becomes a Python package,
 * a folder and part of the CLI's file name, so it must be a lower snake_case identifier that does
 * not shadow a module the project imports.
 */
export function nameProblem(name: string, catalog: Catalog): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (/[/\\]/.test(name) || name.includes('..')) return 'the name must not contain path parts (/, \\ or ..)';
  if (name.length > MAX_LENGTH) return `the name is longer than ${MAX_LENGTH} characters`;
  if (/[A-Z]/.test(name)) return 'the name must be lower snake_case (no capital letters)';
  if (/^[0-9]/.test(name)) return 'the name must start with a lowercase letter, not a digit';
  if (!/^[a-z]/.test(name)) return 'the name must start with a lowercase letter';
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return 'the name may contain only lowercase letters, digits and underscores';
  if (name.endsWith('_')) return 'the name must not end with an underscore';
  if (name.includes('__')) return 'the name must not contain a double underscore';
  const reserved = pythonReserved(name, catalog.pythonModules());
  if (reserved) return `"${name}" is ${reserved}`;
  return undefined;
}
