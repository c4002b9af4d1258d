import { readFileSync } from 'node:fs';
import type { Catalog, Probe } from './catalog/index.js';
import { LeoError } from './errors.js';
import { nextCommands, planProject, render, writeProject } from './pipeline/index.js';
import { parseJson } from './preset/parse.js';
import { validatePreset } from './preset/validate.js';
import { formatTree } from './tree.js';

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
  const planned = planProject(answers, catalog, probe);
  const { resolution, files } = planned;
  for (const warning of resolution.warnings) io.err(`warning: ${warning}`);

  const target = options.out ?? answers.name;
  if (options.dryRun) {
    for (const line of formatTree(target, files)) io.out(line);
    io.out(`${files.length} files would be written to ${target}`);
    return;
  }
  const rendered = render(planned, catalog);
  writeProject(rendered, target, { force: options.force });
  io.out(`wrote ${rendered.length} files to ${target}`);
  io.out('next:');
  for (const command of nextCommands(resolution, target)) io.out(`  ${command}`);
}
