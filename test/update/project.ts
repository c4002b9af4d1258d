/** Generated projects for the update tests, written and read back in process. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, catalog } from '../../src/catalog/index.js';
import { generate as generateInMemory } from '../../src/pipeline/index.js';
import { type Answers, renderAnswers, validatePreset } from '../../src/update/pipeline.js';
import { writeGenerated } from '../helpers/generate.js';
import { listTree } from '../helpers/tmp.js';

/** The generated scikit-learn model's line that the update tests' users edit, and their edit of it. */
export const MODEL = 'iris/model.py';
export const MODEL_LINE = 'features = numeric_array(inputs, FEATURE_NAMES, np.float64)';
export const MODEL_EDIT = 'features = np.clip(numeric_array(inputs, FEATURE_NAMES, np.float64), 0, None)  # ours: no negative sizes';

/** A machine with every tool: the update's own warnings are what the tests read. */
export const probe = { hasCommand: () => true, env: () => undefined };

export function answersOf(preset: Record<string, unknown>, cat: Catalog = catalog): Answers {
  return validatePreset(preset, cat, 'test');
}

/** Writes the project Leo generates for `answers` into dir, as `leo --preset` would. */
export function generate(answers: Answers, dir: string): Map<string, Buffer> {
  const generated = generateInMemory(answers, catalog, probe);
  writeGenerated(generated, dir);
  return new Map(generated.rendered.map((f) => [f.path, f.content]));
}

/** Every file in memory, as generation would write it. */
export function rendered(answers: Answers): Map<string, Buffer> {
  return new Map(renderAnswers(answers, catalog, probe).files.map((f) => [f.path, f.content]));
}

/**
 * Every path, and for a file its mode, inode, modification time and digest: what "nothing changed"
 * compares. (A folder's own time changes when a file is moved out and back, so it is left out.)
 */
export function snapshot(dir: string): Map<string, string> {
  return new Map(
    listTree(dir).map((path) => {
      if (path.endsWith('/')) return [path, 'folder'];
      const full = join(dir, path);
      const stats = statSync(full);
      const digest = createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16);
      return [path, `mode ${stats.mode.toString(8)} inode ${stats.ino} mtime ${stats.mtimeMs} sha256 ${digest}`];
    }),
  );
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

/** Replaces `from` with `to` in a file of the project, failing when `from` is not there. */
export function edit(dir: string, path: string, from: string | RegExp, to: string): void {
  const text = read(dir, path);
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${path}: ${String(from)} not found`);
  writeFileSync(join(dir, path), next);
}
