import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/pipeline/answers.js';
import type { Component } from '../../src/catalog/index.js';
import { mergeEnvironment, type PortRow, portRows, templateContext } from '../../src/pipeline/context.js';
import { planProject } from '../../src/pipeline/index.js';
import { inMemory } from '../helpers/generate.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';

// How one component contributes to another's files without editing them: `@<id>` folders hold
// files that apply only when <id> is selected too; `+<slot>` files are parts that a gathering
// template includes with parts('<slot>'); catalog data (ports, unpublishes, environment,
// debianPackages) reaches every template through the context.
const templates = {
  base: { 'app.py': 'app\n' },
  flask: {},
  falcon: {},
  generic: {},
  docker: {
    'compose.yml.njk':
      'services:\n  api: {}\n{% for part in parts("services") %}{% include part %}{% endfor %}' +
      'env:{% for v in api_env %} {{ v.name }}={{ v.value }}{% endfor %}\n\n' +
      'apt: {{ debian_packages | join(",") }}\n',
    '+readme.md.njk': 'docker notes\n',
  },
  kubernetes: {
    'k8s/list.txt.njk': '{% for f in files %}{% if f.startsWith("k8s/") %}{{ f }}\n{% endif %}{% endfor %}',
    'k8s/api.yaml': 'kind: Deployment\n',
  },
  prometheus: {
    'prometheus.yml.njk': 'scrape: api\n',
    '+services.yml.njk': '  prometheus: {}\n',
    '@docker/+readme.md.njk': 'prometheus in docker\n',
    '@kubernetes/k8s/prometheus.yaml.njk': 'kind: Deployment\n',
    '@kubernetes/@grafana/k8s/dashboards.yaml': 'kind: ConfigMap\n',
  },
  grafana: { '+services.yml.njk': '  grafana: {}\n' },
};
const entries: Component[] = fixtureEntries.map((e) => {
  const extra: Partial<Component> = {
    base: { ports: [{ name: 'api', service: 'API', port: 8080, protocol: 'tcp' as const }] },
    docker: { environment: { LOG_LEVEL: 'INFO' } },
    prometheus: {
      ports: [
        { name: 'prometheus', service: 'Prometheus', port: 9090, protocol: 'tcp' as const, host: '127.0.0.1' },
        { name: 'statsd', service: 'statsd', port: 8125, protocol: 'udp' as const, note: 'metrics' },
      ],
      images: { prometheus: { name: 'prom/prometheus', tag: 'v3.0.0' } },
      unpublishes: [8080],
      environment: { METRICS: 'on', LOG_LEVEL: 'INFO' },
      debianPackages: ['curl', 'tini'],
    },
    grafana: { debianPackages: ['curl'] },
  }[e.id] ?? {};
  return { ...e, ...extra };
});
const catalog = fixtureCatalog(templates, entries, fixtureCategories);
const answers = (extra: Partial<Answers> = {}) =>
  ({ name: 'demo', framework: 'flask', model: 'generic', monitoring: 'none', docker: false, kubernetes: false, ...extra }) as Answers;
const generate = (extra: Partial<Answers>) => {
  const { resolution, files, text } = inMemory(answers(extra), catalog, fakeProbe(['docker']));
  return { resolution, paths: files.map((f) => f.path), text };
};

describe('conditional files (@<component> folders)', () => {
  it('are left out unless their component is selected, and lose the @ folder in the project', () => {
    assert.deepEqual(generate({ monitoring: 'prometheus' }).paths, ['app.py', 'leo.json', 'prometheus.yml']);
    const both = generate({ monitoring: 'prometheus', kubernetes: true }).paths;
    assert.ok(both.includes('k8s/prometheus.yaml'));
  });

  it('nested conditions must all hold', () => {
    // Prometheus brings Grafana, so with Kubernetes both conditions hold.
    assert.ok(generate({ monitoring: 'prometheus', kubernetes: true }).paths.includes('k8s/dashboards.yaml'));
    const withoutGrafana = fixtureCatalog(
      templates,
      entries.map((e) => (e.id === 'prometheus' ? { ...e, implies: [] } : e)),
      fixtureCategories,
    );
    const { files } = planProject(answers({ monitoring: 'prometheus', kubernetes: true }), withoutGrafana, fakeProbe());
    assert.ok(!files.some((f) => f.path === 'k8s/dashboards.yaml'));
  });

  it('a condition naming no component is refused, not silently dropped', () => {
    const typo = fixtureCatalog({ ...templates, grafana: { '@dokcer/x.txt': 'x' } }, entries, fixtureCategories);
    assert.throws(() => planProject(answers({ monitoring: 'prometheus' }), typo, fakeProbe()), /templates\/grafana\/@dokcer\/x.txt: "@dokcer" names no component/);
  });
});

describe('parts (+<slot> files)', () => {
  it('are no project files; the gathering template includes them in catalog order', () => {
    const { paths, text } = generate({ monitoring: 'prometheus', docker: true });
    assert.ok(!paths.some((p) => p.includes('+')));
    assert.equal(text.get('compose.yml')?.split('env:')[0], 'services:\n  api: {}\n  prometheus: {}\n  grafana: {}\n');
  });

  it('a slot without parts is empty, and parts obey conditions', () => {
    const context = templateContext(planProject(answers({ docker: true }), catalog, fakeProbe()), catalog);
    const parts = context.parts as (slot: string) => string[];
    assert.deepEqual(parts('services'), []);
    assert.deepEqual(parts('no-such-slot'), []);
    assert.deepEqual(parts('readme'), ['docker/+readme.md.njk']);
    const monitored = templateContext(planProject(answers({ docker: true, monitoring: 'prometheus' }), catalog, fakeProbe()), catalog);
    assert.deepEqual((monitored.parts as (slot: string) => string[])('readme'), ['prometheus/@docker/+readme.md.njk', 'docker/+readme.md.njk']);
  });

  it('files lists every project path, so a template can list what others contributed', () => {
    const { text } = generate({ monitoring: 'prometheus', kubernetes: true });
    assert.equal(text.get('k8s/list.txt'), 'k8s/api.yaml\nk8s/dashboards.yaml\nk8s/list.txt\nk8s/prometheus.yaml\n');
  });
});

describe('catalog data in the context', () => {
  it('a component unpublishes another one\'s port; every row knows its compose spelling', () => {
    const rows = portRows(planProject(answers({ monitoring: 'prometheus' }), catalog, fakeProbe()).resolution);
    assert.deepEqual(
      rows.map(({ component, port, published, publish, host, note }) => ({ component, port, published, publish, host, note })),
      [
        { component: 'base', port: 8080, published: false, publish: '8080:8080', host: '', note: '' },
        { component: 'prometheus', port: 9090, published: true, publish: '127.0.0.1:9090:9090', host: '127.0.0.1', note: '' },
        { component: 'prometheus', port: 8125, published: true, publish: '8125:8125/udp', host: '', note: 'metrics' },
      ],
    );
    assert.equal(portRows(planProject(answers(), catalog, fakeProbe()).resolution)[0]?.published, true);
  });

  it('templates name a port and an image by their catalog names, among the selected components only', () => {
    const context = (extra: Partial<Answers>) => templateContext(planProject(answers(extra), catalog, fakeProbe()), catalog);
    const monitored = context({ monitoring: 'prometheus' });
    const port = monitored.port as (name: string) => PortRow;
    assert.equal(port('statsd').port, 8125);
    assert.equal(port('statsd').publish, '8125:8125/udp');
    assert.deepEqual(monitored.images, { prometheus: 'prom/prometheus:v3.0.0' });
    const plain = context({});
    assert.throws(() => (plain.port as (name: string) => PortRow)('prometheus'), /no selected component has a port named "prometheus"/);
    assert.deepEqual(plain.images, {});
  });

  it('the API environment and Debian packages merge across components', () => {
    const { text } = generate({ monitoring: 'prometheus', docker: true });
    assert.match(text.get('compose.yml') ?? '', /env: LOG_LEVEL=INFO METRICS=on\napt: curl,tini\n$/);
  });

  it('two values for one variable are refused', () => {
    assert.deepEqual(mergeEnvironment([{ B: '1', A: '2' }, { B: '1' }]), [{ name: 'A', value: '2' }, { name: 'B', value: '1' }]);
    assert.throws(() => mergeEnvironment([{ A: '1' }, { A: '2' }]), /conflicting environment: A=1 and A=2/);
  });
});
