import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import { LeoError } from '../../src/errors.js';
import { resolve } from '../../src/pipeline/resolve.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';

const all = Object.fromEntries(fixtureEntries.map((e) => [e.id, { 'x.txt': e.id }]));
const catalog = fixtureCatalog(all, fixtureEntries, fixtureCategories);
const answers = (extra: Partial<Answers> = {}) =>
  ({ name: 'demo', framework: 'flask', model: 'generic', monitoring: 'none', docker: false, kubernetes: false, ...extra }) as Answers;
const ids = (r: { components: { id: string }[] }) => r.components.map((c) => c.id);

describe('resolve', () => {
  it('selects the core, the chosen components, and nothing else', () => {
    const r = resolve(answers(), catalog, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'generic']);
    assert.deepEqual(r.warnings, []);
  });

  it('Kubernetes turns Docker on, records it in the answers and says so', () => {
    const r = resolve(answers({ kubernetes: true }), catalog, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'generic', 'docker', 'kubernetes']);
    assert.equal(r.answers.docker, true);
    assert.deepEqual(r.warnings, ['Kubernetes turns Docker on']);
  });

  it('an implication of an already chosen component adds no warning', () => {
    const r = resolve(answers({ kubernetes: true, docker: true }), catalog, fakeProbe(['docker']));
    assert.deepEqual(r.warnings, []);
  });

  it('a monitoring tool brings the implied-only Grafana', () => {
    const r = resolve(answers({ monitoring: 'prometheus' }), catalog, fakeProbe(['docker']));
    assert.deepEqual(ids(r), ['base', 'flask', 'generic', 'prometheus', 'grafana']);
    assert.deepEqual(r.warnings, ['Prometheus adds Grafana']);
  });

  it('notices consult the machine', () => {
    const r = resolve(answers({ docker: true }), catalog, fakeProbe([]));
    assert.deepEqual(r.warnings, ['docker is missing']);
  });

  it('does not change the answers it was given', () => {
    const given = answers({ kubernetes: true });
    resolve(given, catalog, fakeProbe());
    assert.equal(given.docker, false);
  });

  it('reports requirements and conflicts', () => {
    const entries = fixtureEntries.map((e) =>
      e.id === 'falcon' ? { ...e, requires: ['docker'], conflicts: ['generic'] } : e,
    );
    const strict = fixtureCatalog(all, entries, fixtureCategories);
    assert.throws(
      () => resolve(answers({ framework: 'falcon' }), strict, fakeProbe()),
      (error: unknown) =>
        error instanceof LeoError &&
        error.problems.includes('Falcon requires Docker') &&
        error.problems.includes('Falcon cannot be combined with Generic'),
    );
  });

  it('refuses an implication whose component is not built yet', () => {
    const { docker: _unused, ...rest } = all;
    const partial = fixtureCatalog(rest, fixtureEntries, fixtureCategories);
    assert.throws(() => resolve(answers({ kubernetes: true }), partial, fakeProbe()), /Kubernetes needs Docker, which is not built yet/);
  });
});
