import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Both src/*.ts (under tsx) and the bundled dist/*.js sit one level below the package root.
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const templatesRoot = fileURLToPath(new URL('../templates', import.meta.url));

export const leoVersion: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
