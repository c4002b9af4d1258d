// The one door into the pipeline: answers → resolve → plan → render. Preset mode, the session and
// `leo deploy` call these, and nothing else of the pipeline's insides; src/update writes what it renders.
import type { Catalog, Probe } from '../catalog/index.js';
import { attempt } from '../errors.js';
import type { Answers } from './answers.js';
import { type Plan, plan } from './plan.js';
import { RECORD_FILE, recordOf } from './record.js';
import { type RenderedFile, render } from './render.js';
import { resolve } from './resolve.js';

export { type AnswerKey, type Answers, chosenIds, defaultValue, orderedAnswers } from './answers.js';
export { type PortRow, portRows } from './context.js';
export { ANSWERS_FILE, type ProjectNames, projectNames, venvPython } from './names.js';
export { deployTargets, nextCommands } from './next.js';
export { type Plan, type PlannedFile, plan } from './plan.js';
export { type RenderedFile, render } from './render.js';
export { type Resolution, resolve } from './resolve.js';
export { RECORD_FILE, readRecord } from './record.js';

/** The project as it will be written: planned, then rendered in memory, with the record of what Leo wrote. */
export interface Generated extends Plan {
  /** The plan's files rendered, and the record (not in the plan: Leo's bookkeeping, not a file of the project's tree). */
  rendered: RenderedFile[];
}

/** answers → resolve → plan: what the session's preview and `--dry-run` show. */
export function planProject(answers: Answers, catalog: Catalog, probe: Probe): Plan {
  return plan(resolve(answers, catalog, probe), catalog);
}

/** answers → resolve → plan → render, in memory: what preset mode and the session write. */
export function generate(answers: Answers, catalog: Catalog, probe: Probe): Generated {
  const planned = planProject(answers, catalog, probe);
  const rendered = render(planned, catalog);
  return { ...planned, rendered: [...rendered, { path: RECORD_FILE, component: 'base', content: recordOf(rendered), executable: false }] };
}

/** generate(), with a reason the answers cannot be built turned into text for a screen. */
export function tryGenerate(answers: Answers, catalog: Catalog, probe: Probe): Generated | { problem: string } {
  return attempt(() => generate(answers, catalog, probe));
}
