import type { Answers } from '../../src/pipeline/answers.js';
import { type Catalog, type CategoryId, catalog as realCatalog, type Probe } from '../../src/catalog/index.js';
import { type Generated, generate } from '../../src/pipeline/index.js';
import { fakeProbe } from './fixture-catalog.js';

/** A machine with every tool a project's notices look for: generated files never depend on it. */
export const TOOLS_PROBE: Probe = fakeProbe(['docker', 'kubectl', 'java']);

/** A project generated in process and in memory (the real catalog unless told), with its files' text by path. */
export function inMemory(answers: Answers, catalog: Catalog = realCatalog, probe: Probe = TOOLS_PROBE): Generated & { text: Map<string, string> } {
  const generated = generate(answers, catalog, probe);
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
