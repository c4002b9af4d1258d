import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { inMemory } from '../helpers/generate.js';

function apiLimits(preset: object): { request: string; limit: string } {
  const answers: Answers = validatePreset({ name: 'sized', framework: 'flask', kubernetes: true, ...preset }, catalog, 'test');
  const manifest = inMemory(answers).text.get('k8s/api.yaml')!;
  const resources = /requests:\s+cpu: \S+\s+memory: (\S+)\s+limits:\s+cpu: \S+\s+memory: (\S+)/.exec(manifest);
  assert.ok(resources, manifest);
  return { request: resources[1]!, limit: resources[2]! };
}

// Sizes come in the unit the API server writes back (1Gi for 1024Mi), so that a second apply changes nothing.
describe('API container memory', () => {
  it('a small model gets the base figure', () => {
    assert.deepEqual(apiLimits({ model: 'sklearn' }), { request: '512Mi', limit: '1Gi' });
  });

  it('a size that is no whole number of GiB stays in MiB', () => {
    assert.deepEqual(apiLimits({ model: 'keras' }), { request: '768Mi', limit: '1536Mi' });
  });

  it('the heaviest selected component sizes the limit (a JVM per worker with Spark)', () => {
    assert.deepEqual(apiLimits({ spark: true }), { request: '1Gi', limit: '2Gi' });
  });
});
