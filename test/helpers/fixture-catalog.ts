import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Catalog, type Category, type Component, type Probe } from '../../src/catalog/index.js';
import { tempDir } from './tmp.js';

/** A small catalog with its own template folders, for testing rules, planner and renderer in isolation. */
export function fixtureCatalog(templates: Record<string, Record<string, string>>, entries: Component[], categories: Category[]): Catalog {
  const root = tempDir('leo-templates-');
  for (const [component, files] of Object.entries(templates)) {
    mkdirSync(join(root, component), { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      const file = join(root, component, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      if (path.endsWith('.sh')) chmodSync(file, 0o755);
    }
  }
  return new Catalog(entries, categories, root);
}

export const fixtureCategories: Category[] = [
  { id: 'framework', label: 'Web framework', kind: 'choice', required: true, description: 'framework' },
  { id: 'model', label: 'Model type', kind: 'choice', required: true, defaultValue: 'generic', description: 'model' },
  { id: 'monitoring', label: 'Monitoring', kind: 'choice', required: false, noneValue: 'none', description: 'monitoring' },
  { id: 'docker', label: 'Docker', kind: 'toggle', required: false, description: 'docker' },
  { id: 'kubernetes', label: 'Kubernetes', kind: 'toggle', required: false, description: 'kubernetes' },
];

export const fixtureEntries: Component[] = [
  { id: 'base', category: 'core', label: 'Core', explanation: 'core', python: ['gunicorn==23.0.0'] },
  { id: 'flask', category: 'framework', label: 'Flask', explanation: 'flask', python: ['flask==3.1.3'] },
  { id: 'falcon', category: 'framework', label: 'Falcon', explanation: 'falcon' },
  { id: 'generic', category: 'model', label: 'Generic', explanation: 'generic' },
  {
    id: 'prometheus',
    category: 'monitoring',
    label: 'Prometheus',
    explanation: 'prometheus',
    implies: [{ id: 'grafana', message: 'Prometheus adds Grafana' }],
  },
  { id: 'grafana', category: 'monitoring', label: 'Grafana', explanation: 'grafana', impliedOnly: true },
  {
    id: 'docker',
    category: 'docker',
    label: 'Docker',
    explanation: 'docker',
    notices: (probe) => (probe.hasCommand('docker') ? [] : ['docker is missing']),
    deployTarget: { deploy: 'docker deploy', undeploy: 'docker undeploy', status: 'docker status' },
  },
  {
    id: 'kubernetes',
    category: 'kubernetes',
    label: 'Kubernetes',
    explanation: 'kubernetes',
    implies: [{ id: 'docker', message: 'Kubernetes turns Docker on' }],
    deployTarget: { deploy: 'kubernetes deploy', undeploy: 'kubernetes undeploy', status: 'kubernetes status' },
  },
];

/** A machine with exactly the given commands and environment. */
export function fakeProbe(commands: string[] = [], env: Record<string, string> = {}): Probe {
  return { hasCommand: (name) => commands.includes(name), env: (name) => env[name] };
}
