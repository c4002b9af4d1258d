import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { ANSWERS_FILE, projectNames, venvPython } from '../pipeline/index.js';
import { parseJson } from '../preset/parse.js';
import { validatePreset } from '../preset/validate.js';

export const TARGETS = ['docker', 'kubernetes'] as const;
export type Target = (typeof TARGETS)[number];
export const ACTIONS = ['deploy', 'undeploy', 'status'] as const;
export type Action = (typeof ACTIONS)[number];

export const TARGET_LABELS: Record<Target, string> = { docker: 'Docker', kubernetes: 'Kubernetes' };

/** A generated project, as far as deploying it is concerned. */
export interface DeployProject {
  dir: string;
  name: string;
  /** The targets its answers switched on, in TARGETS order. */
  targets: Target[];
  /** The project's own virtual environment when it has one (its CLI needs only the standard library). */
  python: string;
  /** The project CLI, relative to dir. */
  cli: string;
}

/** Reads a generated project from its answers file: a folder without one is no Leo project. */
export function readProject(dir: string, catalog: Catalog): DeployProject {
  const root = resolve(dir);
  const answersFile = join(root, ANSWERS_FILE);
  if (!existsSync(answersFile)) {
    throw new LeoError(`${root} is not a Leo project: it has no ${ANSWERS_FILE}, the answers file Leo writes at the root of every project it generates`);
  }
  const answers = validatePreset(parseJson(readFileSync(answersFile, 'utf8'), answersFile), catalog, answersFile);
  const { cli } = projectNames(answers.name);
  if (!existsSync(join(root, cli))) throw new LeoError(`${root} has a ${ANSWERS_FILE} but no ${cli}: is the project complete?`);
  const venv = venvPython(root);
  return {
    dir: root,
    name: answers.name,
    targets: TARGETS.filter((target) => answers[target]),
    python: existsSync(venv) ? venv : 'python3',
    cli,
  };
}

/** Why a target cannot be deployed, when the project did not enable it; undefined when it can. */
export function targetProblem(project: DeployProject, target: string): string | undefined {
  if (!(TARGETS as readonly string[]).includes(target)) return `unknown target "${target}"; targets: ${TARGETS.join(', ')}`;
  if (project.targets.includes(target as Target)) return undefined;
  const enabled = project.targets.length > 0 ? `it deploys to ${project.targets.join(' and ')} only` : 'it has neither Docker nor Kubernetes';
  return `${project.name} was generated without ${TARGET_LABELS[target as Target]}: ${enabled} (regenerate it with "${target}": true in ${ANSWERS_FILE})`;
}
