import { type AnswerKey, type Answers, chosenIds, defaultValue } from './answers.js';
import type { Catalog, CatalogComponent, Probe } from '../catalog/index.js';
import { LeoError } from '../errors.js';

export interface Resolution {
  /** The answers after the rules ran (Kubernetes on means Docker on): what the answers file records. */
  answers: Answers;
  /** Selected components in catalog order, the always-on core first. */
  components: CatalogComponent[];
  /** Each component a rule switched on that the answers did not choose, with the component whose rule did it. */
  broughtBy: Map<string, CatalogComponent>;
  /** Rules that changed the selection, and notices about the selection and the machine. */
  warnings: string[];
}

/** Applies the catalog's rules to the answers: implications to a fixed point, replacements, then requirements and conflicts. */
export function resolve(input: Answers, catalog: Catalog, probe: Probe): Resolution {
  // A required category without an answer: the session offers nothing to pick there.
  const missing = catalog.categories.filter((c) => c.required && input[c.id as AnswerKey] === '');
  if (missing.length > 0) throw new LeoError(`${missing.map((c) => c.label).join(', ')}: nothing is built yet in this version of Leo`);
  const answers = { ...input } as Record<string, unknown>;
  const selected = new Set<string>([...catalog.always().map((c) => c.id), ...chosenIds(input, catalog)]);
  const warnings: string[] = [];
  const broughtBy = new Map<string, CatalogComponent>();

  const queue = [...selected];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const implication of catalog.get(id).implies ?? []) {
      if (selected.has(implication.id)) continue;
      const implied = catalog.get(implication.id);
      if (!implied.available) {
        throw new LeoError(`${catalog.get(id).label} needs ${implied.label}, which is not built yet in this version of Leo`);
      }
      selected.add(implied.id);
      broughtBy.set(implied.id, catalog.get(id));
      queue.push(implied.id);
      warnings.push(implication.message);
      // A toggle switched on by a rule is recorded in the answers, so the answers file says what was built.
      if (catalog.category(implied.category).kind === 'toggle') answers[implied.category as AnswerKey] = true;
    }
  }

  // A component that plays another category's part leaves out the component chosen there. The
  // answer keeps the person's choice, so that turning the replacing component off gives it back.
  for (const replacing of catalog.components.filter((c) => c.replaces && selected.has(c.id))) {
    const category = catalog.category(replacing.replaces!);
    for (const replaced of catalog.components.filter((c) => c.category === category.id && selected.has(c.id))) {
      selected.delete(replaced.id);
      if (answers[category.id] !== defaultValue(category)) {
        warnings.push(`${replacing.label} takes the place of the ${category.label.toLowerCase()}: ${replaced.label} is left out.`);
      }
    }
  }

  const components = catalog.components.filter((c) => selected.has(c.id));
  const problems: string[] = [];
  for (const component of components) {
    for (const needed of component.requires ?? []) {
      if (!selected.has(needed)) problems.push(`${component.label} requires ${catalog.get(needed).label}`);
    }
    for (const other of component.conflicts ?? []) {
      if (selected.has(other)) problems.push(`${component.label} cannot be combined with ${catalog.get(other).label}`);
    }
  }
  if (problems.length > 0) throw new LeoError('the selected components do not fit together', problems);

  for (const component of components) warnings.push(...(component.notices?.(probe) ?? []));
  return { answers: answers as Answers, components, broughtBy, warnings };
}
