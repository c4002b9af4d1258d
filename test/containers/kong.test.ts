import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { kongProblems } from '../helpers/checks/kong.js';
import { matrix, type Project } from '../helpers/generate.js';
import { run } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';

const projects = matrix().filter((p) => p.has('kong'));

/** The hosts Kong can reach: compose services with Docker, Kubernetes Services with Kubernetes. */
function hostSets(project: Project): [string, Set<string>][] {
  const sets: [string, Set<string>][] = [];
  if (project.has('docker')) sets.push(['compose', new Set(Object.keys(parse(project.read('docker-compose.yml')).services))]);
  if (project.has('kubernetes')) {
    const services = project.files
      .filter((f) => f.startsWith('k8s/') && f !== 'k8s/kustomization.yaml')
      .flatMap((f) => parseAllDocuments(project.read(f)).map((d) => d.toJS()))
      .filter((o) => o?.kind === 'Service')
      .map((o) => o.metadata.name);
    sets.push(['kubernetes', new Set(services)]);
  }
  return sets;
}

describe('Kong declarative configuration', () => {
  for (const project of projects) {
    describe(project.title, () => {
      const config = parse(project.read('kong/kong.yml'));

      it('routes every API request with its path intact to an upstream that exists', () => {
        // Without containers, the user runs the API beside Kong under the same name.
        const sets = hostSets(project);
        for (const [where, hosts] of sets.length > 0 ? sets : [['standalone', new Set(['api'])] as [string, Set<string>]]) {
          assert.deepEqual(kongProblems(config, hosts), [], where);
        }
      });

      if (project.has('kubernetes')) it('Kubernetes carries the same file in its ConfigMap, with the admin API on loopback', () => {
        const objects = parseAllDocuments(project.read('k8s/kong.yaml')).map((d) => d.toJS());
        const configMap = objects.find((o) => o.kind === 'ConfigMap');
        assert.equal(configMap.data['kong.yml'], project.read('kong/kong.yml'));
        const env = objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].env;
        assert.deepEqual(env.find((e: { name: string }) => e.name === 'KONG_ADMIN_LISTEN'), { name: 'KONG_ADMIN_LISTEN', value: '127.0.0.1:8001' });
        assert.equal(env.find((e: { name: string }) => e.name === 'KONG_DATABASE').value, 'off');
      });
    });
  }
});

/** decK's offline check of a declarative configuration (Debian's deck, 1.4.0): its schema and the references it resolves. */
function deckValidate(text: string): { status: number | null; output: string } {
  const file = join(tempDir('leo-deck-'), 'kong.yml');
  writeFileSync(file, text);
  const { status, output } = run('deck', ['validate', '--no-color', '-s', file]);
  return { status, output };
}

describe('decK validate', () => {
  // Kong's file differs by project name only; the matrix crosses every gateway and container shape.
  const distinct = [...new Set(projects.map((p) => p.read('kong/kong.yml')))];

  it(`passes every distinct Kong configuration the matrix writes (${distinct.length})`, (t) => {
    if (!needCommand(t, 'deck')) return;
    for (const text of distinct) assert.deepEqual(deckValidate(text), { status: 0, output: '' });
  });

  it('rejects an unknown field, a wrong type and a plugin of a service that does not exist', (t) => {
    if (!needCommand(t, 'deck')) return;
    const broken = (change: (c: any) => void) => {
      const copy = parse(distinct[0]!);
      change(copy);
      const result = deckValidate(stringify(copy));
      assert.notEqual(result.status, 0, result.output);
      return result.output;
    };
    assert.match(broken((c) => (c.services[0].routes[0].strip_paths = false)), /Additional property strip_paths is not allowed/);
    assert.match(broken((c) => (c.services[0].routes[0].paths = '/predict')), /paths: Invalid type/);
    assert.match(broken((c) => (c.plugins = [{ name: 'rate-limiting', service: 'nope', config: { minute: 5 } }])), /service nope for plugin rate-limiting: entity not found/);
  });
});

describe('the Kong check bites', () => {
  const config = parse(projects[0]!.read('kong/kong.yml'));
  const hosts = new Set(['api']);
  const broken = (change: (c: any) => void) => {
    const copy = structuredClone(config);
    change(copy);
    return kongProblems(copy, hosts).join('\n');
  };

  it('rejects a wrong format version, a stripped or implicit path, an unknown upstream and a missing route', () => {
    assert.match(broken((c) => (c._format_version = '1.1')), /_format_version is "1.1"/);
    assert.match(broken((c) => (c.services[0].routes[0].strip_path = true)), /strip_path is true/);
    assert.match(broken((c) => delete c.services[0].routes[0].strip_path), /strip_path is undefined/);
    assert.match(broken((c) => (c.services[0].url = 'http://apii:8080')), /upstream host "apii" is no service/);
    assert.match(broken((c) => (c.services[0].routes = c.services[0].routes.slice(1))), /no route for POST \/predict/);
    assert.match(broken((c) => (c.services[0].routes[0].methods = ['GET'])), /no route for POST \/predict/);
  });

  it('rejects routes and plugins of services or routes not in the file (decK lets such a route through)', () => {
    const route = { name: 'extra', paths: ['/extra'], strip_path: false };
    assert.match(broken((c) => (c.routes = [{ ...route, service: { name: 'nope' } }])), /route extra: service "nope" is not in the file/);
    assert.equal(broken((c) => (c.routes = [{ ...route, service: { name: 'api' } }])), '');
    assert.match(broken((c) => (c.plugins = [{ name: 'cors', service: 'nope' }])), /plugin cors: service "nope" is not in the file/);
    assert.match(broken((c) => (c.plugins = [{ name: 'cors', route: 'nope' }])), /plugin cors: route "nope" is not in the file/);
    assert.equal(broken((c) => (c.plugins = [{ name: 'cors', route: 'predict' }])), '');
    assert.match(broken((c) => (c.services[0].plugins = [{ name: 'cors', route: 'gone' }])), /plugin cors: route "gone" is not in the file/);
  });
});
