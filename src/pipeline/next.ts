import { relative } from 'node:path';
import { projectNames } from './names.js';
import type { Resolution } from './resolve.js';

/** What to run in a freshly written project: set up, train, serve, and deploy where it can. */
export function nextCommands(resolution: Resolution, target: string): string[] {
  const { name, docker, kubernetes } = resolution.answers;
  const { cli } = projectNames(name);
  // Training the example may need more than serving it (requirements-train.txt, with the ONNX model type).
  const requirements = resolution.components.some((c) => c.trainingPython?.length) ? 'requirements-train.txt' : 'requirements.txt';
  return [
    `cd ${relative(process.cwd(), target) || '.'}`,
    `python3 -m venv .venv && . .venv/bin/activate && pip install -r ${requirements}`,
    `python ${cli} train`,
    `python ${cli} serve`,
    ...(docker ? [`python ${cli} deploy docker`] : []),
    ...(kubernetes ? [`python ${cli} deploy kubernetes`] : []),
  ];
}
