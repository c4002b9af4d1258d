import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, CatalogComponent, DeployAction } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { chosenIds } from '../pipeline/answers.js';
import { ANSWERS_FILE, projectNames, venvPython } from '../pipeline/names.js';
import { openProject } from '../project-file.js';

export const ACTIONS: readonly DeployAction[] = ['deploy', 'undeploy', 'status'];
export type Action = DeployAction;
/** A deploy target, by its component's id (docker, kubernetes). */
export type Target = string;

/** A generated project, as far as deploying it is concerned. */
export interface DeployProject {
  dir: string;
  name: string;
  /** The deploy targets its answers switched on (catalog components with a deployTarget), in catalog order. */
  targets: CatalogComponent[];
  /** The project's own virtual environment when it has one (its CLI needs only the standard library). */
  python: string;
  /** The project CLI, relative to dir. */
  cli: string;
}

/** Reads a generated project from its answers file: a folder without one is no Leo project. */
export function readProject(dir: string, catalog: Catalog): DeployProject {
  const { dir: root, answers } = openProject(dir, catalog);
  const { cli } = projectNames(answers.name);
  if (!existsSync(join(root, cli))) throw new LeoError(`${root} has a ${ANSWERS_FILE} but no ${cli}: is the project complete?`);
  const venv = venvPython(root);
  // The answers file records what the rules switched on (Kubernetes turns Docker on), so its own choices are the whole selection.
  const chosen = new Set(chosenIds(answers, catalog));
  return {
    dir: root,
    name: answers.name,
    targets: catalog.deployTargets().filter((target) => chosen.has(target.id)),
    python: existsSync(venv) ? venv : 'python3',
    cli,
  };
}

/** Why a target cannot be deployed, when the project did not enable it; undefined when it can. */
export function targetProblem(project: DeployProject, target: string, catalog: Catalog): string | undefined {
  const all = catalog.deployTargets();
  const known = all.find((t) => t.id === target);
  if (!known) return `unknown target "${target}"; targets: ${all.map((t) => t.id).join(', ')}`;
  if (project.targets.some((t) => t.id === target)) return undefined;
  const enabled = project.targets.length > 0 ? `it deploys to ${project.targets.map((t) => t.id).join(' and ')} only` : `it has neither ${all.map((t) => t.label).join(' nor ')}`;
  return `${project.name} was generated without ${known.label}: ${enabled} (regenerate it with "${target}": true in ${ANSWERS_FILE})`;
}
