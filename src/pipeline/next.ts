import type { CatalogComponent } from '../catalog/index.js';
import { shellWord, shownPath } from '../paths.js';
import { projectNames } from './names.js';
import type { Resolution } from './resolve.js';

/** The selected components the project CLI can deploy to, in catalog order. */
export function deployTargets(resolution: Resolution): CatalogComponent[] {
  return resolution.components.filter((c) => c.deployTarget);
}

/** What to run in a freshly written project: set up, train, serve, and deploy where it can. */
export function nextCommands(resolution: Resolution, target: string): string[] {
  const { cli } = projectNames(resolution.answers.name);
  // Training the example may need more than serving it (requirements-train.txt, with the ONNX model type).
  const requirements = resolution.components.some((c) => c.trainingPython?.length) ? 'requirements-train.txt' : 'requirements.txt';
  // The chosen environment's own way (conda, the virtualenv script), else a plain venv.
  const environment = resolution.components.find((c) => c.setupCommand);
  return [
    `cd ${shellWord(shownPath(target))}`,
    environment?.setupCommand?.(resolution.answers.name) ?? `python3 -m venv .venv && . .venv/bin/activate && pip install -r ${requirements}`,
    `python ${cli} train`,
    `python ${cli} serve`,
    ...deployTargets(resolution).map((target) => `python ${cli} deploy ${target.id}`),
  ];
}
