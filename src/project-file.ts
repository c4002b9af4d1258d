/** The one reader of a generated project's leo.json: `leo update`, `leo add`, `leo DIR`, the session and `leo deploy`. */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog } from './catalog/index.js';
import { LeoError } from './errors.js';
import type { Answers } from './pipeline/answers.js';
import { ANSWERS_FILE } from './pipeline/names.js';
import { parseJson } from './preset/parse.js';
import { validatePreset } from './preset/validate.js';

/** A generated project: its folder (absolute), the answers its leo.json records and the Leo version that wrote it. */
export interface OpenedProject {
  dir: string;
  answers: Answers;
  recordedVersion: string | undefined;
}

/** Opens the project in `dir`, saying why when it cannot. */
export function openProject(dir: string, catalog: Catalog): OpenedProject {
  const root = resolve(dir);
  let stats;
  try {
    stats = statSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeoError(code === 'ENOENT' || code === 'ENOTDIR' ? `${root} does not exist` : `cannot look into ${root} (${code})`);
  }
  if (!stats.isDirectory()) throw new LeoError(`${root} is a file, not a project folder`);
  const file = join(root, ANSWERS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new LeoError(`${root} is not a Leo project: it has no ${ANSWERS_FILE}, the answers file Leo writes at the root of every project it generates`);
    }
    throw new LeoError(`cannot read ${file} (${code ?? (error as Error).message})`);
  }
  const raw = parseJson(text, file);
  const answers = validatePreset(raw, catalog, file);
  const version = (raw as { leo_version?: unknown }).leo_version;
  return { dir: root, answers, recordedVersion: typeof version === 'string' ? version : undefined };
}
