import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import { catalog } from '../../src/catalog/index.js';
import { planProject, renderProject } from '../../src/pipeline/generate.js';
import { validatePreset } from '../../src/preset/validate.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';

function apiLimits(preset: object): { request: string; limit: string } {
  const answers: Answers = validatePreset({ name: 'sized', framework: 'flask', kubernetes: true, ...preset }, catalog, 'test');
  const { resolution, files } = planProject(answers, catalog, fakeProbe(['docker', 'kubectl', 'java']));
  const manifest = renderProject(resolution, files, catalog).find((f) => f.path === 'k8s/api.yaml')!.content.toString();
  const resources = /requests:\s+cpu: \S+\s+memory: (\S+)\s+limits:\s+cpu: \S+\s+memory: (\S+)/.exec(manifest);
  assert.ok(resources, manifest);
  return { request: resources[1]!, limit: resources[2]! };
}

describe('API container memory', () => {
  it('a small model gets the base figure', () => {
    assert.deepEqual(apiLimits({ model: 'sklearn' }), { request: '512Mi', limit: '1024Mi' });
  });

  it('the heaviest selected component sizes the limit (a JVM per worker with Spark)', () => {
    assert.deepEqual(apiLimits({ spark: true }), { request: '1024Mi', limit: '2048Mi' });
  });
});
