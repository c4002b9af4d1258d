import { type AnswerKey, type Answers, defaultValue } from '../pipeline/answers.js';
import type { Catalog, Category } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { nameProblems } from './name.js';

/** Keys a preset may carry besides the categories: the project name and the Leo version that wrote it. */
const EXTRA_KEYS = ['name', 'leo_version'] as const;

/**
 * Checks a parsed preset against the catalog and fills in defaults. Every problem is reported at
 * once, each naming its key and what is allowed.
 */
export function validatePreset(value: unknown, catalog: Catalog, source: string): Answers {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LeoError(`${source}: a preset must be a JSON object, got ${describe(value)}`);
  }
  const preset = value as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set<string>([...EXTRA_KEYS, ...catalog.categories.map((c) => c.id)]);
  for (const key of Object.keys(preset)) {
    if (!known.has(key)) problems.push(`unknown key "${key}"; allowed keys: ${[...known].join(', ')}`);
  }

  const answers: Record<string, unknown> = {};
  if (!('name' in preset)) {
    problems.push('missing required key "name" (a lower snake_case Python identifier, e.g. "iris_classifier")');
  } else if (typeof preset.name !== 'string') {
    problems.push(`"name" must be a string, got ${describe(preset.name)}`);
  } else {
    for (const problem of nameProblems(preset.name, catalog)) problems.push(`"name": ${problem}`);
    answers.name = preset.name;
  }
  if ('leo_version' in preset && typeof preset.leo_version !== 'string') {
    problems.push(`"leo_version" must be a string, got ${describe(preset.leo_version)}`);
  }

  for (const category of catalog.categories) {
    const problem = checkCategory(category, preset, catalog);
    if (problem) problems.push(problem);
    else answers[category.id] = category.id in preset ? preset[category.id] : defaultValue(category);
  }

  if (problems.length > 0) throw new LeoError(`${source}: invalid preset`, problems);
  return answers as Answers;
}

function checkCategory(category: Category, preset: Record<string, unknown>, catalog: Catalog): string | undefined {
  const key = category.id as AnswerKey;
  if (!(key in preset)) {
    return defaultValue(category) === undefined ? `missing required key "${key}" (one of: ${choiceList(category, catalog)})` : undefined;
  }
  const value = preset[key];
  if (category.kind === 'toggle') {
    if (typeof value !== 'boolean') return `"${key}" must be true or false, got ${describe(value)}`;
    if (value && !catalog.get(category.id).available) return notBuilt(key, 'true');
    return undefined;
  }
  if (typeof value !== 'string') return `"${key}" must be a string, one of: ${choiceList(category, catalog)}; got ${describe(value)}`;
  if (value === category.noneValue) return undefined;
  const choice = catalog.choices(category.id).find((c) => c.id === value);
  if (!choice) return `"${key}": unknown choice "${value}"; allowed: ${choiceList(category, catalog)}`;
  if (!choice.available) return `${notBuilt(key, `"${value}"`)}; available now: ${choiceList(category, catalog)}`;
  return undefined;
}

function notBuilt(key: string, value: string): string {
  return `"${key}": ${value} is not built yet in this version of Leo`;
}

/** The values a category accepts now. */
export function choiceList(category: Category, catalog: Catalog): string {
  if (category.kind === 'toggle') return 'true, false';
  const values = catalog.choices(category.id).filter((c) => c.available).map((c) => c.id);
  if (category.noneValue) values.push(category.noneValue);
  return values.length > 0 ? values.join(', ') : '(none built yet)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
