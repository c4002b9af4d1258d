import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { templateContext } from '../../src/pipeline/context.js';
import { planProject, portRows, render } from '../../src/pipeline/index.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { presetMatrix } from '../helpers/generate.js';

// The generated README gathers the deploy notes from the parts of the slot "readme-deploy", and
// its port table from the context's port rows; both are checked here at their source.
describe('README data: deploy notes and port rows', () => {
  for (const answers of presetMatrix(catalog)) {
    const planned = planProject(answers, catalog, fakeProbe());
    const { resolution } = planned;
    const has = (id: string) => resolution.components.some((c) => c.id === id);
    const context = templateContext(planned, catalog);
    const parts = (context.parts as (slot: string) => string[])('readme-deploy');

    it(`${answers.name}: a section for each chosen deploy target and the gateway`, () => {
      const files = parts.map((name) => ({ path: name, component: 'readme', source: { kind: 'template' as const, file: join(catalog.templatesDir, name), render: true, executable: false } }));
      const rendered = render({ ...planned, files }, catalog)
        .map((f) => f.content.toString())
        .join('');
      assert.equal(rendered.includes('### Docker'), has('docker'));
      assert.equal(rendered.includes('### Kubernetes'), has('kubernetes'));
      assert.equal(rendered.includes('### Kong'), has('kong'));
      assert.equal(rendered.includes('NetworkPolicy'), has('kong') && has('kubernetes'));
    });

    it(`${answers.name}: the API's port is published unless the gateway hides it`, () => {
      const api = portRows(resolution).find((row) => row.component === 'base');
      assert.equal(api?.published, !has('kong'));
    });
  }
});
