import type { Catalog, Port } from './catalog/index.js';
import { requirementName } from './catalog/index.js';
import { LeoError } from './errors.js';
import { leoVersion } from './paths.js';
import { className } from './preset/name.js';
import type { Resolution } from './resolve.js';

export const PYTHON_VERSION = '3.11';

export interface PortRow extends Port {
  published: boolean;
}

/** Everything a template may read. Every key is always defined: Nunjucks throws on an undefined one. */
export function templateContext(resolution: Resolution, catalog: Catalog): Record<string, unknown> {
  const { answers, components } = resolution;
  const selected = new Set(components.map((c) => c.id));
  const framework = catalog.get(answers.framework);
  const model = catalog.get(answers.model);
  return {
    name: answers.name,
    class_name: className(answers.name),
    leo_version: leoVersion,
    python_version: PYTHON_VERSION,
    answers,
    framework: framework.id,
    framework_label: framework.label,
    model: model.id,
    model_label: model.label,
    has: Object.fromEntries(catalog.components.map((c) => [c.id, selected.has(c.id)])),
    components: components.map(({ id, label, category, explanation }) => ({ id, label, category, explanation })),
    requirements: mergeRequirements(components.flatMap((c) => c.python ?? [])),
    ports: portRows(resolution),
  };
}

export function portRows(resolution: Resolution): PortRow[] {
  return resolution.components.flatMap((c) => (c.ports ?? []).map((port) => ({ ...port, published: true })));
}

/** One line per package, sorted by name; two different pins of one package are a catalog bug. */
export function mergeRequirements(lines: string[]): string[] {
  const byName = new Map<string, string>();
  for (const line of lines) {
    const name = requirementName(line);
    const previous = byName.get(name);
    if (previous && previous !== line) throw new LeoError(`conflicting requirements: ${previous} and ${line}`);
    byName.set(name, line);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, line]) => line);
}
