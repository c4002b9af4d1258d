import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Catalog, Probe } from './catalog/index.js';
import { LeoError } from './errors.js';
import { planProject, renderProject } from './pipeline/generate.js';
import { parseJson } from './preset/parse.js';
import { validatePreset } from './preset/validate.js';
import type { Resolution } from './pipeline/resolve.js';
import { formatTree } from './tree.js';
import { writeProject } from './pipeline/write.js';

export interface PresetOptions {
  preset: string;
  out?: string;
  force: boolean;
  dryRun: boolean;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** `leo --preset FILE`: the whole pipeline with no terminal interaction. */
export function runPreset(options: PresetOptions, catalog: Catalog, probe: Probe, io: Output): void {
  let text: string;
  try {
    text = readFileSync(options.preset, 'utf8');
  } catch (error) {
    throw new LeoError(`cannot read preset ${options.preset}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const answers = validatePreset(parseJson(text, options.preset), catalog, options.preset);
  const { resolution, files } = planProject(answers, catalog, probe);
  for (const warning of resolution.warnings) io.err(`warning: ${warning}`);

  const target = options.out ?? answers.name;
  if (options.dryRun) {
    for (const line of formatTree(target, files)) io.out(line);
    io.out(`${files.length} files would be written to ${target}`);
    return;
  }
  const rendered = renderProject(resolution, files, catalog);
  writeProject(rendered, target, { force: options.force });
  io.out(`wrote ${rendered.length} files to ${target}`);
  io.out('next:');
  for (const command of nextCommands(resolution, target)) io.out(`  ${command}`);
}

/** What to run in a freshly written project: set up, train, serve, and deploy where it can. */
export function nextCommands(resolution: Resolution, target: string): string[] {
  const { name, docker, kubernetes } = resolution.answers;
  // Training the example may need more than serving it (requirements-train.txt, with the ONNX model type).
  const requirements = resolution.components.some((c) => c.trainingPython?.length) ? 'requirements-train.txt' : 'requirements.txt';
  return [
    `cd ${relative(process.cwd(), target) || '.'}`,
    `python3 -m venv .venv && . .venv/bin/activate && pip install -r ${requirements}`,
    `python ${name}cli.py train`,
    `python ${name}cli.py serve`,
    ...(docker ? [`python ${name}cli.py deploy docker`] : []),
    ...(kubernetes ? [`python ${name}cli.py deploy kubernetes`] : []),
  ];
}
