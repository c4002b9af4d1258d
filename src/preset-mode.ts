import { readFileSync } from 'node:fs';
import type { Catalog, Probe } from './catalog/index.js';
import { LeoError } from './errors.js';
import { generate, nextCommands, planProject, RECORD_FILE } from './pipeline/index.js';
import { parseJson } from './preset/parse.js';
import { validatePreset } from './preset/validate.js';
import { formatTree } from './tree.js';
import { applyUpdate } from './update/apply.js';
import { formatPlan } from './update/command.js';
import { type UpdatePlan, planCreate } from './update/update-plan.js';

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

/** `leo --preset FILE`: the whole pipeline with no terminal interaction; the write is a new project's change set, applied as updates are. */
export function runPreset(options: PresetOptions, catalog: Catalog, probe: Probe, io: Output): void {
  let text: string;
  try {
    text = readFileSync(options.preset, 'utf8');
  } catch (error) {
    throw new LeoError(`cannot read preset ${options.preset}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const answers = validatePreset(parseJson(text, options.preset), catalog, options.preset);
  const target = options.out ?? answers.name;
  if (options.dryRun) {
    const { resolution, files } = planProject(answers, catalog, probe);
    for (const warning of resolution.warnings) io.err(`warning: ${warning}`);
    // Which files it replaces takes their rendered contents to tell: only with --force.
    if (options.force) listReplaced(planCreate(target, generate(answers, catalog, probe), true), io);
    for (const line of formatTree(target, files)) io.out(line);
    io.out(`${files.length} files would be written to ${target} (and ${RECORD_FILE}, Leo's record of them)`);
    return;
  }
  const generated = generate(answers, catalog, probe);
  const { resolution, rendered } = generated;
  for (const warning of resolution.warnings) io.err(`warning: ${warning}`);
  const plan = planCreate(target, generated, options.force);
  listReplaced(plan, io);
  applyUpdate(plan);
  io.out(`wrote ${rendered.length} files to ${target}`);
  io.out('next:');
  for (const command of nextCommands(resolution, target)) io.out(`  ${command}`);
}

/** --force: the files of the user's that Leo replaces, named first. */
function listReplaced(plan: UpdatePlan, io: Output): void {
  for (const line of formatPlan({ ...plan, files: plan.files.filter((f) => f.status === 'replaced') })) io.out(line);
}
