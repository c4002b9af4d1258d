/**
 * The update's one door into Leo's generation pipeline: every other module of src/update imports
 * the pipeline through this file only, so that a move of the pipeline changes these imports alone.
 */
import type { Catalog, Probe } from '../catalog/index.js';
import { leoVersion } from '../paths.js';
import { ANSWERS_FILE, type Answers, generate, RECORD_FILE, readRecord, type RenderedFile, type Resolution } from '../pipeline/index.js';
import { parseJson } from '../preset/parse.js';
import { validatePreset } from '../preset/validate.js';

export type { Answers, RenderedFile, Resolution };
export { ANSWERS_FILE, leoVersion, parseJson, RECORD_FILE, readRecord, validatePreset };

/** answers → resolve → plan → render, in memory: the project Leo would write for these answers. */
export function renderAnswers(answers: Answers, catalog: Catalog, probe: Probe): { resolution: Resolution; files: RenderedFile[] } {
  const { resolution, rendered } = generate(answers, catalog, probe);
  return { resolution, files: rendered };
}
