import type { Catalog, Category, CategoryId, ToggleCategoryId } from '../catalog/index.js';

export type AnswerKey = Exclude<CategoryId, 'core'>;

/** A user's answers, in the preset's own shape: one key per category plus the project name. */
export type Answers = { name: string } & { [K in AnswerKey]: K extends ToggleCategoryId ? boolean : string };

/** The value a category takes when the answers leave it out. */
export function defaultValue(category: Category): string | boolean | undefined {
  if (category.kind === 'toggle') return false;
  return category.defaultValue ?? category.noneValue;
}

/** Component ids the answers choose directly (before rules add anything). */
export function chosenIds(answers: Answers, catalog: Catalog): string[] {
  const ids: string[] = [];
  for (const category of catalog.categories) {
    const value = answers[category.id as AnswerKey];
    if (category.kind === 'toggle') {
      if (value === true) ids.push(category.id);
    } else if (typeof value === 'string' && value !== category.noneValue) {
      ids.push(value);
    }
  }
  return ids;
}

/** Key order for the answers file: name first, then the catalog's category order. */
export function orderedAnswers(answers: Answers, catalog: Catalog): Answers {
  const out: Record<string, unknown> = { name: answers.name };
  for (const category of catalog.categories) out[category.id] = answers[category.id as AnswerKey];
  return out as Answers;
}
