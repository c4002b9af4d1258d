import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, type CatalogComponent, type CategoryId, catalog, catalog as realCatalog, type Probe } from '../../src/catalog/index.js';
import { templateContext } from '../../src/pipeline/context.js';
import { type Answers, type Generated, generate as generateInMemory } from '../../src/pipeline/index.js';
import { applyUpdate } from '../../src/update/apply.js';
import { planCreate } from '../../src/update/update-plan.js';
import { validatePreset } from '../../src/preset/validate.js';
import { fakeProbe } from './fixture-catalog.js';
import { tempDir } from './tmp.js';

// The one way tests generate a project: in memory (inMemory), or written to a temporary folder
// (generate), always through the pipeline's own door. End-to-end tests run the built `leo` instead,
// as a user does.

/** A machine with every tool a project's notices look for: generated files never depend on it. */
export const TOOLS_PROBE: Probe = fakeProbe(['docker', 'kubectl', 'java']);

/** A project generated in process and in memory (the real catalog unless told), with its files' text by path. */
export function inMemory(answers: Answers, catalog: Catalog = realCatalog, probe: Probe = TOOLS_PROBE): Generated & { text: Map<string, string> } {
  const generated = generateInMemory(answers, catalog, probe);
  return { ...generated, text: new Map(generated.rendered.map((f) => [f.path, f.content.toString()])) };
}

/** Every value a category can take with the components built so far: its choices, and none or off. */
export function categoryValues(catalog: Catalog, id: CategoryId): (string | boolean)[] {
  const category = catalog.category(id);
  if (category.kind === 'toggle') return catalog.get(id).available ? [false, true] : [false];
  const built = catalog.choices(id).filter((c) => c.available).map((c) => c.id);
  return category.noneValue && !category.required ? [category.noneValue, ...built] : built;
}

/** Every combination of every category's values: the whole space of presets, named alike. */
export function everyPreset(catalog: Catalog, name = 'every_preset'): Answers[] {
  let presets: Record<string, unknown>[] = [{ name }];
  for (const category of catalog.categories) {
    presets = presets.flatMap((preset) => categoryValues(catalog, category.id).map((value) => ({ ...preset, [category.id]: value })));
  }
  return presets as Answers[];
}

export interface Project {
  /** Which options the preset picked, for test titles. */
  title: string;
  answers: Answers;
  /** The selected components, after the rules. */
  components: CatalogComponent[];
  dir: string;
  /** Project paths of every generated file. */
  files: string[];
  /** The file in models/ that training writes, as the templates name it. */
  modelFile: string;
  has(id: string): boolean;
  read(path: string): string;
}

/**
 * Presets that together take every option of every category at least once. The containers'
 * shapes (none, Docker, Kubernetes) are crossed with every gateway option, since those interact;
 * every other category rotates through its options, each with its own offset so that options of
 * different categories meet in varied pairs. A component added to the catalog joins by itself.
 */
export function presetMatrix(catalog: Catalog): Answers[] {
  const shapes = [
    { docker: false, kubernetes: false },
    { docker: true, kubernetes: false },
    // Docker left off on purpose: Kubernetes must turn it on.
    { docker: false, kubernetes: true },
  ].flatMap((shape) => categoryValues(catalog, 'gateway').map((gateway) => ({ ...shape, gateway })));
  const rotating = catalog.categories.filter((c) => !['docker', 'kubernetes', 'gateway'].includes(c.id));
  const count = Math.max(shapes.length, ...rotating.map((c) => categoryValues(catalog, c.id).length));
  return Array.from({ length: count }, (_, i) => {
    const answers: Record<string, unknown> = { name: `matrix_${i + 1}`, ...shapes[i % shapes.length] };
    rotating.forEach((category, offset) => {
      const values = categoryValues(catalog, category.id);
      answers[category.id] = values[(i + offset) % values.length];
    });
    return answers as Answers;
  });
}

/** Generates a preset's project in a temporary folder, in process, with the real catalog and templates. */
export function generate(answers: Answers): Project {
  const generated = generateInMemory(answers, catalog, TOOLS_PROBE);
  const { resolution, files } = generated;
  const dir = join(tempDir('leo-matrix-'), answers.name);
  writeGenerated(generated, dir);
  const selected = new Set(resolution.components.map((c) => c.id));
  const title = resolution.components
    .filter((c) => c.category !== 'core')
    .map((c) => c.id)
    .join('+');
  return {
    title: `${answers.name} (${title})`,
    answers: resolution.answers,
    components: resolution.components,
    dir,
    files: files.map((f) => f.path),
    modelFile: templateContext(generated, catalog).model_file as string,
    has: (id) => selected.has(id),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
  };
}

/** The same project for each shape of containers (none, Docker, Kubernetes): for templates that branch on them. */
export function acrossShapes(preset: Record<string, unknown>): Project[] {
  const shapes = [{}, { docker: true }, { kubernetes: true }];
  return shapes.map((shape, i) => generate(validatePreset({ ...preset, name: `${preset.name}_${i + 1}`, ...shape }, catalog, 'test preset')));
}

let projects: Project[] | undefined;

/** The whole matrix, generated once per test file. */
export function matrix(): Project[] {
  projects ??= presetMatrix(catalog).map(generate);
  return projects;
}

/** Writes a generated project into dir as `leo --preset` does: a new project's change set, applied. */
export function writeGenerated(generated: Pick<Generated, 'resolution' | 'rendered'>, dir: string): void {
  applyUpdate(planCreate(dir, generated, false));
}
