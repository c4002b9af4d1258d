import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../../src/pipeline/answers.js';
import { type Catalog, type CatalogComponent, catalog } from '../../src/catalog/index.js';
import { templateContext } from '../../src/pipeline/context.js';
import { generate as generateInMemory } from '../../src/pipeline/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { writeProject } from '../../src/pipeline/write.js';
import { TOOLS_PROBE } from '../helpers/generate.js';
import { tempDir } from '../helpers/tmp.js';

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

/** Every value a category can take with the components built so far: its choices, and none or off. */
function options(catalog: Catalog, category: string): (string | boolean)[] {
  const c = catalog.category(category as Parameters<Catalog['category']>[0]);
  if (c.kind === 'toggle') return catalog.get(c.id).available ? [false, true] : [false];
  const built = catalog.choices(c.id).filter((component) => component.available).map((component) => component.id);
  return c.noneValue && !c.required ? [c.noneValue, ...built] : built;
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
  ].flatMap((shape) => options(catalog, 'gateway').map((gateway) => ({ ...shape, gateway })));
  const rotating = catalog.categories.filter((c) => !['docker', 'kubernetes', 'gateway'].includes(c.id));
  const count = Math.max(shapes.length, ...rotating.map((c) => options(catalog, c.id).length));
  return Array.from({ length: count }, (_, i) => {
    const answers: Record<string, unknown> = { name: `matrix_${i + 1}`, ...shapes[i % shapes.length] };
    rotating.forEach((category, offset) => {
      const values = options(catalog, category.id);
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
  writeProject(generated.rendered, dir, { force: false });
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
