import { readFileSync } from 'node:fs';
import type { Catalog, Probe } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { shownPath } from '../paths.js';
import { applyUpdate, changedFiles } from './apply.js';
import { parseJson } from './pipeline.js';
import { openProject } from '../project-file.js';
import { type FileStatus, type UpdatePlan, changedAnswers, choose, planUpdate } from './update-plan.js';

export interface UpdateOptions {
  dir: string;
  /** A JSON file of the answers to change (any preset keys). */
  preset?: string;
  /** key=value pairs, applied after the preset's. */
  set: string[];
  dryRun: boolean;
  /** Files Leo cannot tell about (a project from before its record) for which to take the other choice. */
  choose: string[];
  /** Shows the plan before writing (the preview screen on a terminal): the plan to write, with the person's choices, or undefined to leave without writing. */
  confirm?: Confirm;
}

export type Confirm = (plan: UpdatePlan, changes: string[]) => Promise<UpdatePlan | undefined>;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** `leo update`: returns the exit status (1 when conflicts were written into files). */
export async function runUpdate(options: UpdateOptions, catalog: Catalog, probe: Probe, io: Output): Promise<number> {
  if (options.preset !== undefined && options.set.length > 0) throw new LeoError('give the changes either as --preset FILE or as --set key=value, not both');
  const changes = options.preset !== undefined ? readChanges(options.preset) : parseSets(options.set, catalog);
  const source = options.preset ?? '--set';
  const { answers } = openProject(options.dir, catalog);
  return update(options.dir, changedAnswers(answers, changes, catalog, source), options, catalog, probe, io);
}

/** `leo add DIR COMPONENT`: the short form of `leo update DIR --set CATEGORY=COMPONENT`. */
export async function runAdd(dir: string, id: string, options: Pick<UpdateOptions, 'dryRun' | 'confirm' | 'choose'>, catalog: Catalog, probe: Probe, io: Output): Promise<number> {
  const offered = catalog.components.filter((c) => c.category !== 'core' && !c.impliedOnly && c.available);
  const component = offered.find((c) => c.id === id);
  if (!component) {
    const why = catalog.has(id) && catalog.get(id).impliedOnly ? `${id} comes with another component, it is not added on its own; ` : '';
    throw new LeoError(`cannot add "${id}": ${why}components: ${offered.map((c) => c.id).join(', ')}`);
  }
  const category = catalog.category(component.category);
  const { answers } = openProject(dir, catalog);
  const previous = answers[category.id as keyof typeof answers];
  if (category.kind === 'choice' && previous !== category.noneValue && previous !== id) {
    io.err(`note: ${component.label} takes the place of ${catalog.has(String(previous)) ? catalog.get(String(previous)).label : previous} (${category.label}: one per project)`);
  }
  const changes = { [category.id]: category.kind === 'toggle' ? true : id };
  return update(dir, changedAnswers(answers, changes, catalog, `leo add ${id}`), options, catalog, probe, io);
}

async function update(
  dir: string,
  answers: ReturnType<typeof changedAnswers>,
  { dryRun, confirm, choose: choices }: Pick<UpdateOptions, 'dryRun' | 'confirm' | 'choose'>,
  catalog: Catalog,
  probe: Probe,
  io: Output,
): Promise<number> {
  let plan = choose(planUpdate(dir, answers, catalog, probe), choices);
  if (confirm && !dryRun && changedFiles(plan).length > 0) {
    const confirmed = await confirm(plan, describeChanges(plan, catalog));
    if (!confirmed) {
      io.err('leo: left the preview without writing: nothing changed');
      return 1;
    }
    plan = confirmed;
  }
  for (const warning of plan.warnings) io.err(`warning: ${warning}`);
  for (const line of describeChanges(plan, catalog)) io.out(line);
  for (const line of formatPlan(plan)) io.out(line);
  const conflicts = plan.files.filter((f) => f.status === 'conflict');
  const where = shownPath(plan.dir);
  const open = plan.files.filter((f) => f.alternative);
  if (open.length > 0) {
    io.err(`note: Leo cannot tell ${open.length} file${open.length === 1 ? '' : 's'} apart (listed with their reason); --choose PATH takes the other choice for one (repeatable), the preview on a terminal with c`);
  }
  if (dryRun) {
    io.out(`${summary(plan)} (dry run: nothing written)`);
    return 0;
  }
  const result = applyUpdate(plan);
  if (result.written.length + result.removed.length === 0) {
    io.out(`${where} is up to date: nothing written`);
    return 0;
  }
  io.out(`${summary(plan)}: updated`);
  if (conflicts.length === 0) return 0;
  io.err(`leo: resolve the conflict markers (<<<<<<< yours ... >>>>>>> leo update) in: ${conflicts.map((f) => f.path).join(', ')}`);
  return 1;
}

/** The answers that change, one line each: "monitoring: none → prometheus". */
export function describeChanges(plan: UpdatePlan, catalog: Catalog): string[] {
  const { before } = plan;
  if (!before) return ['a new project'];
  const lines: string[] = [];
  for (const category of catalog.categories) {
    const from = before[category.id as keyof typeof before];
    const to = plan.after[category.id as keyof UpdatePlan['after']];
    if (from !== to) lines.push(`${category.id}: ${String(from)} → ${String(to)}`);
  }
  return lines.length > 0 ? lines : ['answers unchanged'];
}

const STATUS_WIDTH = 'untouched'.length;

/** One line per file the update changes or keeps; files it leaves alone are counted, not listed. */
export function formatPlan(plan: UpdatePlan): string[] {
  const listed = plan.files.filter((f) => f.status !== 'untouched' || f.note);
  const width = Math.max(0, ...listed.map((f) => f.path.length));
  return listed.map((f) => `  ${f.status.padEnd(STATUS_WIDTH)}  ${f.path.padEnd(width)}  ${f.component}${f.note ? ` (${f.note})` : ''}`.trimEnd());
}

function summary(plan: UpdatePlan): string {
  const counts = new Map<FileStatus, number>();
  for (const f of plan.files) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  const order: FileStatus[] = ['added', 'replaced', 'updated', 'merged', 'conflict', 'removed', 'kept', 'untouched'];
  return `${shownPath(plan.dir)}: ${order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ')}`;
}

function readChanges(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LeoError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const value = parseJson(text, file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LeoError(`${file}: the changes must be a JSON object of preset keys`);
  return value as Record<string, unknown>;
}

/** `--set docker=true --set monitoring=prometheus`: toggles take true or false, choices a component id. */
export function parseSets(sets: string[], catalog: Catalog): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    if (at <= 0) throw new LeoError(`--set ${set}: expected key=value, e.g. --set monitoring=prometheus`);
    const key = set.slice(0, at);
    const value = set.slice(at + 1);
    const toggle = catalog.categories.find((c) => c.id === key)?.kind === 'toggle';
    changes[key] = toggle && (value === 'true' || value === 'false') ? value === 'true' : value;
  }
  return changes;
}
