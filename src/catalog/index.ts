import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { templatesRoot } from '../paths.js';
import { categories } from './categories.js';
import { base } from './entries/base.js';
import { ci } from './entries/ci.js';
import { containers } from './entries/containers.js';
import { environments } from './entries/environments.js';
import { frameworks } from './entries/frameworks.js';
import { gateway } from './entries/gateway.js';
import { logging } from './entries/logging.js';
import { models } from './entries/models.js';
import { monitoring } from './entries/monitoring.js';
import { spark } from './entries/spark.js';
import type { CatalogComponent, Category, CategoryId, Component } from './types.js';

export type * from './types.js';
export { categories };

/** The distribution name of a requirement line: "scikit-learn" for "scikit-learn==1.9.1". */
export function requirementName(line: string): string {
  return (line.split(/[<>=!~;\[ ]/, 1)[0] ?? line).toLowerCase();
}

/** The components' container images as templates write them: `name:tag`, by key. */
export function imageReferences(components: Component[]): Record<string, string> {
  return Object.fromEntries(components.flatMap((c) => Object.entries(c.images ?? {}).map(([key, { name, tag }]) => [key, `${name}:${tag}`])));
}

function unique(what: string, names: string[]): void {
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new Error(`catalog: duplicate ${what} "${repeated}"`);
}

export class Catalog {
  readonly components: CatalogComponent[];
  private readonly byId: Map<string, CatalogComponent>;

  constructor(
    entries: Component[],
    readonly categories: Category[],
    readonly templatesDir: string,
  ) {
    this.components = entries.map((entry) => {
      const templateDir = join(templatesDir, entry.id);
      // A component is offered only once its templates exist.
      return { ...entry, templateDir, available: existsSync(templateDir) };
    });
    this.byId = new Map(this.components.map((c) => [c.id, c]));
    if (this.byId.size !== this.components.length) throw new Error('catalog: duplicate component id');
    // Templates name ports and images without saying whose they are: a name means one thing.
    unique('port name', entries.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
    unique('image key', entries.flatMap((c) => Object.keys(c.images ?? {})));
  }

  get(id: string): CatalogComponent {
    const component = this.byId.get(id);
    if (!component) throw new Error(`catalog: unknown component "${id}"`);
    return component;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  category(id: CategoryId): Category {
    const category = this.categories.find((c) => c.id === id);
    if (!category) throw new Error(`catalog: unknown category "${id}"`);
    return category;
  }

  /** The components a person can pick in a category (implied-only ones are left out). */
  choices(id: CategoryId): CatalogComponent[] {
    return this.components.filter((c) => c.category === id && !c.impliedOnly);
  }

  /** Every import name a generated project may use: a project must not be named after one. */
  pythonModules(): Set<string> {
    const names = new Set<string>();
    for (const component of this.components) {
      for (const line of [...(component.python ?? []), ...(component.trainingPython ?? [])]) {
        names.add(requirementName(line).replaceAll('-', '_'));
      }
      for (const name of component.imports ?? []) names.add(name);
    }
    return names;
  }

  /** Components the project CLI can deploy to, in catalog order. */
  deployTargets(): CatalogComponent[] {
    return this.components.filter((c) => c.deployTarget);
  }

  /** Components selected whatever the answers say. */
  always(): CatalogComponent[] {
    return this.components.filter((c) => c.category === 'core');
  }
}

export const catalog = new Catalog(
  [...base, ...frameworks, ...models, ...environments, ...logging, ...monitoring, ...gateway, ...containers, ...spark, ...ci],
  categories,
  templatesRoot,
);
