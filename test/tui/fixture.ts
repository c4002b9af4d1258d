// The catalog and the steps the TUI tests share: a small catalog with ports, rules and templates.
import assert from 'node:assert/strict';
import type { Component } from '../../src/catalog/index.js';
import { generate } from '../../src/pipeline/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';
import { writeGenerated } from '../helpers/generate.js';
import { tempDir } from '../helpers/tmp.js';
import { type Session, screenOf } from './driver.js';

const ports: Record<string, Component['ports']> = {
  base: [{ name: 'api', service: 'API', port: 8080, protocol: 'tcp' }],
  prometheus: [{ name: 'prometheus', service: 'Prometheus', port: 9090, protocol: 'tcp' }],
  grafana: [{ name: 'grafana', service: 'Grafana', port: 3000, protocol: 'tcp' }],
};
const entries = fixtureEntries.map((entry) => ({ ...entry, ports: ports[entry.id] }));
// Falcon has no templates: it must not be offered.
const templates = {
  base: {
    // One line per component: a project opened and updated gets its README merged.
    'README.md.njk': '# {{ name }}\n\nAbout the project.\n\nComponents:\n{% for c in components %}- {{ c.label }}\n{% endfor %}',
    '__name__/__init__.py': '',
    '__name__cli.py.njk': 'print("{{ name }}")\n',
    'tests/test_api.py': 'def test_api():\n    pass\n',
  },
  flask: { '__name__/app.py.njk': '# {{ framework_label }} app of {{ name }}\n' },
  generic: { '__name__/model.py.njk': `class {{ class_name }}:\n${Array.from({ length: 60 }, (_, i) => `    line_${i + 1} = ${i + 1}\n`).join('')}` },
  prometheus: { 'prometheus.yml': 'scrape_configs: []\n' },
  grafana: { 'grafana/dashboard.json': '{}\n' },
  docker: { 'Dockerfile.njk': 'FROM python:{{ python_version }}-slim\n' },
  kubernetes: { 'k8s/app.yaml': 'kind: Deployment\n' },
};
export const catalog = fixtureCatalog(templates, entries, fixtureCategories);

/** A fresh working folder for the test: the TUI writes relative to it, as `leo` does. */
export function freshHome(): string {
  const home = tempDir();
  process.chdir(home);
  return home;
}

/** Types a valid name (unless one is there) and goes on to the components screen. */
export async function toComponents(tui: Session, name = 'iris_demo') {
  if (name) await tui.type(name);
  await tui.press('enter', 'enter', 'enter');
  assert.equal(screenOf(tui.frame()), 'Components', tui.frame());
}

/** Moves the components screen's focus to the panel with this label. */
export async function focusPanel(tui: Session, label: string) {
  for (let i = 0; i < 10 && !new RegExp(`- ${label}`).test(tui.frame()); i += 1) await tui.press('tab');
  assert.match(tui.frame(), new RegExp(`- ${label}`));
}


/** Writes the project of this preset into dir, as `leo --preset` would: a project to open. */
export function generateProject(dir: string, preset: Record<string, unknown>) {
  writeGenerated(generate(validatePreset(preset, catalog, 'test'), catalog, fakeProbe(['docker'])), dir);
}
