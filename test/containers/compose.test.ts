import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { needCommand } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';
import { composeProblems, composeSchemaValidator } from '../helpers/checks/compose.js';
import { matrix } from '../helpers/generate.js';
import { run } from '../helpers/run.js';

const projects = matrix().filter((p) => p.has('docker'));
const schemaProblems = composeSchemaValidator();
const composeOf = (p: (typeof projects)[number]) => parse(p.read('docker-compose.yml'));

/** `docker-compose config -q` (Debian's docker-compose) in a folder holding the file. */
function composeConfig(dir: string) {
  return run('docker-compose', ['--file', 'docker-compose.yml', 'config', '--quiet'], { cwd: dir });
}

describe('docker-compose.yml', () => {
  for (const project of projects) {
    describe(project.title, () => {
      it('matches the Compose Specification schema', () => {
        assert.deepEqual(schemaProblems(composeOf(project)), []);
      });

      it('has consistent references, unique host ports, health checks and pinned images', () => {
        assert.deepEqual(composeProblems(composeOf(project)), []);
      });

      it('is accepted by docker-compose config', (t) => {
        if (!needCommand(t, 'docker-compose')) return;
        const result = composeConfig(project.dir);
        assert.equal(result.status, 0, result.output);
      });

      it('runs the API and every service of the chosen components, publishing the API only when none hides it', () => {
        const services = composeOf(project).services;
        const expected = ['api', ...project.components.flatMap((c) => c.services ?? [])];
        assert.deepEqual(Object.keys(services).sort(), expected.sort());
        const hidden = project.components.some((c) => c.unpublishes?.includes(8080));
        assert.deepEqual(services.api.ports, hidden ? undefined : ['8080:8080']);
      });
    });
  }
});

describe('each compose check bites', () => {
  const good = composeOf(projects.find((p) => p.has('kong'))!);
  const broken = (change: (doc: any) => void) => {
    const doc = structuredClone(good);
    change(doc);
    return doc;
  };

  it('the schema rejects an unknown key and a malformed value', () => {
    assert.match(schemaProblems(broken((d) => (d.services.api.restartt = 'always'))).join('\n'), /additional properties/);
    assert.match(schemaProblems(broken((d) => (d.services.kong.depends_on = 'api'))).join('\n'), /depends_on must be/);
  });

  it('the cross-reference check rejects each kind of dangling or doubled reference', () => {
    const cases: [(doc: any) => void, RegExp][] = [
      [(d) => (d.services.kong.depends_on = { apii: { condition: 'service_healthy' } }), /depends on unknown service "apii"/],
      [(d) => delete d.services.api.healthcheck, /api: no healthcheck[\s\S]*waits for "api" to be healthy/],
      [(d) => (d.services.api.volumes = ['models:/app/models']), /volume "models" is not declared/],
      [(d) => (d.volumes = { unused: {} }), /volume "unused" is declared but unused/],
      [(d) => (d.services.api.networks = ['back']), /network "back" is not declared/],
      [(d) => (d.services.api.ports = ['8000:8080']), /host port 8000\/tcp .* already published by api/],
      [(d) => (d.services.kong.image = 'kong:latest'), /kong: image "kong:latest" is not pinned/],
      [(d) => (d.services.kong.image = 'kong'), /kong: image "kong" is not pinned/],
      [(d) => (d.version = '3.8'), /obsolete top-level "version"/],
    ];
    for (const [change, expected] of cases) assert.match(composeProblems(broken(change)).join('\n'), expected);
  });

  it('docker-compose config rejects a dependency on a missing service', (t) => {
    if (!needCommand(t, 'docker-compose')) return;
    const dir = tempDir();
    writeFileSync(join(dir, 'docker-compose.yml'), JSON.stringify(broken((d) => (d.services.kong.depends_on = { nowhere: { condition: 'service_started' } }))));
    const result = composeConfig(dir);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /nowhere/);
  });
});
