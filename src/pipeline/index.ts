// The one door into the pipeline: answers → resolve → plan → render → write. Preset mode, the
// session and `leo deploy` call these, and nothing else of the pipeline's insides.
import type { Catalog, Probe } from '../catalog/index.js';
import { attempt } from '../errors.js';
import type { Answers } from './answers.js';
import { type Plan, plan } from './plan.js';
import { type RenderedFile, render } from './render.js';
import { resolve } from './resolve.js';

export { type AnswerKey, type Answers, chosenIds, defaultValue, orderedAnswers } from './answers.js';
export { type PortRow, portRows } from './context.js';
export { ANSWERS_FILE, type ProjectNames, projectNames, venvPython } from './names.js';
export { deployTargets, nextCommands } from './next.js';
export { type Plan, type PlannedFile, plan } from './plan.js';
export { type RenderedFile, render } from './render.js';
export { type Resolution, resolve } from './resolve.js';
export { inspectTarget, type WriteOptions, writeProject } from './write.js';

/** The project as it will be written: planned, then rendered in memory. */
export interface Generated extends Plan {
  rendered: RenderedFile[];
}

/** answers → resolve → plan: what the session's preview and `--dry-run` show. */
export function planProject(answers: Answers, catalog: Catalog, probe: Probe): Plan {
  return plan(resolve(answers, catalog, probe), catalog);
}

/** answers → resolve → plan → render, in memory: what preset mode and the session write. */
export function generate(answers: Answers, catalog: Catalog, probe: Probe): Generated {
  const planned = planProject(answers, catalog, probe);
  return { ...planned, rendered: render(planned, catalog) };
}

/** generate(), with a reason the answers cannot be built turned into text for a screen. */
export function tryGenerate(answers: Answers, catalog: Catalog, probe: Probe): Generated | { problem: string } {
  return attempt(() => generate(answers, catalog, probe));
}
