import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { catalog } from '../../src/catalog/index.js';
import { presetSchema } from '../../src/preset/schema.js';
import { validatePreset } from '../../src/preset/validate.js';
import { runLeo } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';

const schema = presetSchema(catalog);
const check = new Ajv({ strict: true, allErrors: true }).compile(schema);
const accepts = (preset: unknown) => {
  let ours = true;
  try {
    validatePreset(preset, catalog, 'p');
  } catch {
    ours = false;
  }
  return { ours, schema: check(preset) };
};

describe('preset schema', () => {
  it('is what leo --print-schema prints', () => {
    const result = runLeo(['--print-schema'], tempDir());
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), schema);
  });

  it('has exactly the preset keys', () => {
    assert.deepEqual(Object.keys(schema.properties as object).sort(), [
      'ci', 'docker', 'environment', 'framework', 'gateway', 'kubernetes', 'leo_version', 'logging', 'model', 'monitoring', 'name', 'spark',
    ]);
  });

  it('offers exactly the components that are built', () => {
    const model = (schema.properties as Record<string, { oneOf: { const: string }[] }>).model!;
    const offered = model.oneOf.map((o) => o.const).sort();
    const built = catalog.choices('model').filter((c) => c.available).map((c) => c.id).sort();
    assert.deepEqual(offered, built);
  });

  const presets: [string, unknown][] = [
    ['minimal', { name: 'iris', framework: 'flask' }],
    ['full defaults spelled out', { name: 'iris', framework: 'falcon', model: 'sklearn', environment: 'none', logging: 'none', monitoring: 'none', gateway: 'none', docker: false, kubernetes: false, spark: false, ci: 'none' }],
    ['bad name', { name: 'Iris', framework: 'flask' }],
    ['unknown key', { name: 'iris', framework: 'flask', extra: 1 }],
    ['missing framework', { name: 'iris' }],
    ['unknown choice', { name: 'iris', framework: 'django' }],
    ['wrong type', { name: 'iris', framework: 'flask', spark: 'no' }],
    ['not an object', [1, 2]],
  ];
  for (const [title, preset] of presets) {
    it(`agrees with leo's own validation: ${title}`, () => {
      const verdict = accepts(preset);
      assert.equal(verdict.schema, verdict.ours, JSON.stringify(check.errors));
    });
  }
});
