import { defaultValue } from '../pipeline/answers.js';
import type { Catalog } from '../catalog/index.js';
import { leoVersion } from '../paths.js';

/** The preset's JSON schema, derived from the catalog: only components that are built are allowed. */
export function presetSchema(catalog: Catalog): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    name: {
      type: 'string',
      description: 'Project name: a lower snake_case Python identifier; also the package and folder name.',
      pattern: '^[a-z][a-z0-9]*(_[a-z0-9]+)*$',
      maxLength: 64,
    },
  };
  const required = ['name'];
  for (const category of catalog.categories) {
    const fallback = defaultValue(category);
    if (fallback === undefined) required.push(category.id);
    if (category.kind === 'toggle') {
      const built = catalog.get(category.id).available;
      properties[category.id] = {
        type: 'boolean',
        description: `${category.label}: ${category.description}${built ? '' : ' Not built yet.'}`,
        default: fallback,
        ...(built ? {} : { enum: [false] }),
      };
      continue;
    }
    const choices = catalog.choices(category.id).filter((c) => c.available);
    const oneOf: Record<string, unknown>[] = choices.map((c) => ({ const: c.id, title: c.label, description: c.explanation }));
    if (category.noneValue) oneOf.push({ const: category.noneValue, title: 'None' });
    const pending = catalog.choices(category.id).filter((c) => !c.available);
    const later = pending.length ? ` Not built yet: ${pending.map((c) => c.id).join(', ')}.` : '';
    properties[category.id] = {
      type: 'string',
      description: `${category.label}: ${category.description}${later}`,
      oneOf,
      ...(fallback === undefined ? {} : { default: fallback }),
    };
  }
  properties.leo_version = { type: 'string', description: 'The Leo version that wrote this file (informational).' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Leo ${leoVersion} preset`,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
  };
}
