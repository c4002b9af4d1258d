import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Catalog, type Component, catalog, categories, requirementName } from '../../src/catalog/index.js';
import { templatesRoot } from '../../src/paths.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';

describe('catalog', () => {
  it('every template folder belongs to a catalog entry', () => {
    for (const dir of readdirSync(templatesRoot)) assert.ok(catalog.has(dir), `templates/${dir} has no catalog entry`);
  });

  it('availability is the existence of the template folder', () => {
    for (const c of catalog.components) assert.equal(c.available, existsSync(join(templatesRoot, c.id)), c.id);
  });

  it('the foundation components are built', () => {
    for (const id of ['base', 'flask', 'falcon', 'generic', 'sklearn']) assert.ok(catalog.get(id).available, id);
  });

  it('every component sits in a known category, and every toggle category holds its namesake', () => {
    for (const c of catalog.components) {
      if (c.category !== 'core') assert.ok(catalog.category(c.category));
    }
    for (const category of catalog.categories.filter((c) => c.kind === 'toggle')) {
      assert.equal(catalog.get(category.id).category, category.id);
    }
  });

  it('rules name existing components', () => {
    for (const c of catalog.components) {
      for (const id of [...(c.requires ?? []), ...(c.conflicts ?? []), ...(c.implies ?? []).map((i) => i.id)]) {
        assert.ok(catalog.has(id), `${c.id} names unknown component ${id}`);
      }
    }
  });

  it('each component has a label and an explanation of a sentence or more', () => {
    for (const c of catalog.components) {
      assert.ok(c.label.length > 0, c.id);
      assert.match(c.explanation, /\w.{20,}\./, c.id);
    }
  });

  it('Python requirements are exact pins, one per package across the catalog', () => {
    const pins = new Map<string, string>();
    // An environment marker may choose a platform's build (xgboost-cpu on Linux, xgboost elsewhere).
    const marker = '[a-z_]+ [=!]= "[^"]+"';
    const pinned = new RegExp(`^[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*(; ${marker}( (and|or) ${marker})*)?$`);
    for (const line of catalog.components.flatMap((c) => [...(c.python ?? []), ...(c.trainingPython ?? [])])) {
      assert.match(line, pinned, line);
      const previous = pins.get(requirementName(line));
      assert.ok(previous === undefined || previous === line, `${previous} vs ${line}`);
      pins.set(requirementName(line), line);
    }
  });

  it('no two components publish the same port', () => {
    const seen = new Map<string, string>();
    for (const c of catalog.components) {
      for (const p of c.ports ?? []) {
        const key = `${p.port}/${p.protocol}`;
        assert.ok(!seen.has(key), `${key} is claimed by ${seen.get(key)} and ${c.id}`);
        seen.set(key, c.id);
      }
    }
  });

  it('container images are pinned, and a template writes none of its own', () => {
    for (const c of catalog.components) {
      for (const [key, { name, tag }] of Object.entries(c.images ?? {})) {
        assert.match(name, /^[a-z0-9][a-z0-9./_-]*$/, `${c.id}: ${key}`);
        assert.match(tag, /^v?[0-9][0-9A-Za-z.-]*$/, `${c.id}: ${key} is not pinned to a version`);
      }
    }
    // name:tag written out in a template, rather than read from the catalog as images.<key>.
    const literal = /^\s*(-\s*)?(image|name):\s*"?[a-z0-9][a-z0-9./_-]*:[0-9A-Za-z]/;
    const literalService = /services:.*"[a-z0-9][a-z0-9./_-]*:[0-9]/;
    for (const file of templateFiles(templatesRoot)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => assert.ok(!literal.test(line) && !literalService.test(line), `${relative(templatesRoot, file)}:${i + 1}: ${line.trim()}`));
    }
  });

  it('a port name or an image key means one thing across the catalog', () => {
    const entry = (id: string, extra: Partial<Component>): Component => ({ id, category: 'monitoring', label: id, explanation: id, ...extra });
    const port = { name: 'web', service: 'Web', protocol: 'tcp' as const };
    assert.throws(
      () => new Catalog([entry('a', { ports: [{ ...port, port: 1 }] }), entry('b', { ports: [{ ...port, port: 2 }] })], categories, templatesRoot),
      /duplicate port name "web"/,
    );
    const image = { name: 'busybox', tag: '1.37' };
    assert.throws(() => new Catalog([entry('a', { images: { box: image } }), entry('b', { images: { box: image } })], categories, templatesRoot), /duplicate image key "box"/);
  });

  it('notices speak only when their condition holds', () => {
    const docker = catalog.get('docker');
    assert.deepEqual(docker.notices?.(fakeProbe(['docker'])), []);
    assert.match(docker.notices?.(fakeProbe([]))?.[0] ?? '', /docker was not found on PATH/);
    const spark = catalog.get('spark');
    assert.deepEqual(spark.notices?.(fakeProbe(['java'])), []);
    assert.deepEqual(spark.notices?.(fakeProbe([], { SPARK_HOME: '/opt/spark' })), []);
    assert.match(spark.notices?.(fakeProbe([]))?.[0] ?? '', /Spark needs Java/);
  });

  it('project names may not shadow the packages a project imports', () => {
    const modules = catalog.pythonModules();
    for (const name of ['flask', 'falcon', 'gunicorn', 'sklearn', 'scikit_learn', 'numpy']) assert.ok(modules.has(name), name);
  });
});

/** Every Nunjucks template under a folder. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.njk'))
    .map((entry) => join(entry.parentPath, entry.name));
}
