// What the screens show about the catalog and the current answers. Everything here is a view of
// the catalog and of resolve()'s result: the rules themselves live in the catalog and resolve.ts.
import { type AnswerKey, type Answers, defaultValue, type Resolution, resolve } from '../pipeline/index.js';
import type { Catalog, CatalogComponent, Category, Probe } from '../catalog/index.js';
import { attempt } from '../errors.js';

/** The model type is asked on the project screen; every other category gets a panel. */
export const PROJECT_CATEGORY = 'model';

export interface Option {
  /** The answer this option stands for: a component id, the category's none value, or true for a toggle. */
  value: string | true;
  label: string;
  explanation: string;
  component?: CatalogComponent;
}

/** The options a person can pick in a category: only components whose templates exist are offered. */
export function options(catalog: Catalog, category: Category): Option[] {
  const built = catalog.choices(category.id).filter((c) => c.available);
  if (category.kind === 'toggle') return built.map((c) => ({ value: true, label: c.label, explanation: c.explanation, component: c }));
  const offered: Option[] = built.map((c) => ({ value: c.id, label: c.label, explanation: c.explanation, component: c }));
  if (category.noneValue) offered.push({ value: category.noneValue, label: 'None', explanation: `Nothing from ${category.label}: the project goes without.` });
  return offered;
}

/** The categories on the components screen: those with something to offer, and required ones even without. */
export function panelCategories(catalog: Catalog): Category[] {
  return catalog.categories.filter(
    (c) => c.id !== PROJECT_CATEGORY && (c.required || catalog.choices(c.id).some((component) => component.available)),
  );
}

/** The answers a session starts from: the preset defaults, and the first built choice where one is required. */
export function initialAnswers(catalog: Catalog): Answers {
  const answers: Record<string, unknown> = { name: '' };
  for (const category of catalog.categories) {
    answers[category.id] = defaultValue(category) ?? options(catalog, category)[0]?.value ?? '';
  }
  return answers as Answers;
}

export function isChosen(answers: Answers, category: Category, option: Option): boolean {
  return answers[category.id as AnswerKey] === option.value;
}

/** The answers with one option picked: a toggle flips, a choice takes the option. */
export function pick(answers: Answers, category: Category, option: Option): Answers {
  const key = category.id as AnswerKey;
  const value = category.kind === 'toggle' ? !answers[key] : option.value;
  return { ...answers, [key]: value } as Answers;
}

export type Outcome = { resolution: Resolution; problem?: undefined } | { resolution?: undefined; problem: string };

/** resolve(), with the reasons the selection cannot be built turned into text for the screen. */
export function tryResolve(answers: Answers, catalog: Catalog, probe: Probe): Outcome {
  return attempt(() => ({ resolution: resolve(answers, catalog, probe) }));
}

/** Components of a category that the rules brought in, each with the component whose rule did it (as resolve() recorded). */
export function broughtIn(resolution: Resolution, category: Category): { component: CatalogComponent; by: CatalogComponent }[] {
  return resolution.components.flatMap((component) => {
    const by = resolution.broughtBy.get(component.id);
    return component.category === category.id && by ? [{ component, by }] : [];
  });
}
