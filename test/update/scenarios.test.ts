import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { applyUpdate } from '../../src/update/apply.js';
import type { Answers } from '../../src/update/pipeline.js';
import { type UpdatePlan, planUpdate } from '../../src/update/update-plan.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { MODEL, MODEL_EDIT, MODEL_LINE, answersOf, edit, generate, probe, read, rendered, snapshot } from './project.js';

const start = { name: 'iris', framework: 'flask', model: 'sklearn', docker: true };

/** The user's edits, as a person makes them weeks after generating. */
const README_PARAGRAPH = '## Our deployment notes\n\nThis service runs in the fraud team\'s cluster; page #ml-oncall.\n\n';
const COMPOSE = 'docker-compose.yml';
const COMPOSE_SERVICE = '  redis:\n    image: redis:7.4\n    restart: unless-stopped\n';
const DELETED = 'pyproject.toml';

function userEdits(dir: string): void {
  edit(dir, MODEL, MODEL_LINE, MODEL_EDIT);
  edit(dir, 'README.md', '## Components\n', `${README_PARAGRAPH}## Components\n`);
  edit(dir, COMPOSE, 'services:\n', `services:\n${COMPOSE_SERVICE}`);
  rmSync(join(dir, DELETED));
  writeFileSync(join(dir, 'notes.txt'), 'a file of the user\'s own\n');
}

/** Every file on disk below dir (no folders), with its text. */
function files(dir: string): Map<string, string> {
  return new Map(listTree(dir).filter((p) => !p.endsWith('/')).map((p) => [p, read(dir, p)]));
}

function update(dir: string, answers: Answers): UpdatePlan {
  const plan = planUpdate(dir, answers, catalog, probe);
  applyUpdate(plan);
  return plan;
}

function status(plan: UpdatePlan, path: string): string | undefined {
  return plan.files.find((f) => f.path === path)?.status;
}

/** One change per category, each adding or switching a component; going back removes it again. */
const changes: [string, Record<string, unknown>][] = [
  ['framework: flask → falcon', { framework: 'falcon' }],
  ['model: sklearn → xgboost', { model: 'xgboost' }],
  ['model: sklearn → generic', { model: 'generic' }],
  ['environment: + virtualenv', { environment: 'virtualenv' }],
  ['environment: + conda', { environment: 'conda' }],
  ['logging: + elk', { logging: 'elk' }],
  ['monitoring: + prometheus', { monitoring: 'prometheus' }],
  ['monitoring: + graphite', { monitoring: 'graphite' }],
  ['gateway: + kong', { gateway: 'kong' }],
  ['docker: − docker', { docker: false }],
  ['kubernetes: + kubernetes', { kubernetes: true }],
  ['spark: + spark', { spark: true }],
  ['ci: + github', { ci: 'github' }],
  ['ci: + gitlab', { ci: 'gitlab' }],
];

describe('leo update keeps the user\'s edits across a change of each category, and back', () => {
  for (const [title, change] of changes) {
    it(title, () => {
      const dir = join(tempDir(), 'iris');
      const before = answersOf(start);
      generate(before, dir);
      userEdits(dir);
      const edited = files(dir);
      const after = answersOf({ ...start, ...change });
      const next = rendered({ ...after, docker: after.docker || after.kubernetes });

      const forward = update(dir, after);
      const conflicted = new Set(forward.files.filter((f) => f.status === 'conflict').map((f) => f.path));
      // Only files the user and the update both changed may conflict.
      for (const path of conflicted) assert.ok([MODEL, COMPOSE].includes(path), `${title}: unexpected conflict in ${path}`);

      // Every file the user left alone is exactly what a fresh generation writes, and only those exist.
      const userPaths = new Set([MODEL, 'README.md', COMPOSE, DELETED]);
      for (const [path, content] of next) {
        if (userPaths.has(path)) continue;
        assert.equal(read(dir, path), content.toString(), `${title}: ${path} is not the freshly generated one`);
      }
      for (const path of rendered(before).keys()) {
        if (!next.has(path) && !userPaths.has(path)) assert.ok(!existsSync(join(dir, path)), `${title}: ${path} should be removed`);
      }

      // The user's own edits survive where the file survives.
      assert.ok(!existsSync(join(dir, DELETED)), 'a file the user deleted stays deleted');
      assert.equal(read(dir, 'notes.txt'), 'a file of the user\'s own\n');
      const readme = read(dir, 'README.md');
      assert.ok(readme.includes(README_PARAGRAPH), `${title}: the README paragraph is lost`);
      assert.ok(readme.includes(next.get('README.md')!.toString().split('\n## Components\n')[1]!), `${title}: the README's generated part is not the new one`);
      if (!conflicted.has(MODEL)) assert.ok(read(dir, MODEL).includes(MODEL_EDIT), `${title}: the model edit is lost (${status(forward, MODEL)})`);
      else assert.match(read(dir, MODEL), /^<<<<<<< yours\n[\s\S]*^=======\n[\s\S]*^>>>>>>> leo update\n/m);
      assert.ok(read(dir, COMPOSE).includes(COMPOSE_SERVICE), `${title}: the extra compose service is lost`);
      if (!after.docker && !after.kubernetes) assert.equal(status(forward, COMPOSE), 'kept', 'compose, no longer generated but edited, is kept');
      assert.equal(read(dir, 'leo.json'), next.get('leo.json')!.toString(), 'leo.json records the new answers');

      // And back: the project is the edited one again, file for file, wherever nothing conflicted.
      if (conflicted.size > 0) return;
      const back = update(dir, before);
      const conflictedBack = back.files.filter((f) => f.status === 'conflict').map((f) => f.path);
      // Docker off then on: the compose file comes back while the user's version was kept: both differ from nothing.
      assert.deepEqual(conflictedBack, change.docker === false ? [COMPOSE] : [], `${title}: conflicts going back`);
      const now = files(dir);
      for (const [path, text] of edited) if (!conflictedBack.includes(path)) assert.equal(now.get(path), text, `${title}: ${path} differs after the round trip`);
      assert.deepEqual([...now.keys()].filter((p) => !conflictedBack.includes(p)).sort(), [...edited.keys()].filter((p) => !conflictedBack.includes(p)).sort());
    });
  }
});

describe('leo update, the conflict case', () => {
  it('marks a line both sides changed, lists it, and merges the rest', () => {
    const dir = join(tempDir(), 'iris');
    generate(answersOf(start), dir);
    // The user changes the API's environment where Prometheus adds its own variable.
    const compose = read(dir, COMPOSE);
    const after = answersOf({ ...start, monitoring: 'prometheus' });
    const theirs = rendered(after).get(COMPOSE)!.toString();
    assert.notEqual(theirs, compose);
    edit(dir, COMPOSE, '      WEB_CONCURRENCY: "2"\n', '      WEB_CONCURRENCY: "8"\n      FEATURE_FLAGS: "beta"\n');
    edit(dir, 'README.md', '## Components\n', `${README_PARAGRAPH}## Components\n`);
    const plan = update(dir, after);
    const file = plan.files.find((f) => f.path === COMPOSE)!;
    assert.equal(file.status, 'conflict');
    assert.ok(file.conflicts >= 1);
    const text = read(dir, COMPOSE);
    const [, ours, theirsSide] = /<<<<<<< yours\n([\s\S]*?)=======\n([\s\S]*?)>>>>>>> leo update\n/.exec(text) ?? [];
    assert.ok(ours?.includes('WEB_CONCURRENCY: "8"'), 'ours side holds the user\'s value');
    assert.ok(theirsSide?.includes('WEB_CONCURRENCY: "2"'), 'theirs side holds Leo\'s value');
    // Outside the markers, the new services arrived.
    assert.ok(text.split('>>>>>>> leo update\n')[1]!.includes('prometheus:'));
    assert.equal(status(plan, 'README.md'), 'merged');
    assert.equal(status(plan, 'prometheus/prometheus.yml'), 'added');
  });
});

describe('leo update, a no-op', () => {
  it('changes nothing, byte for byte, not even a modification time', () => {
    const dir = join(tempDir(), 'iris');
    const answers = answersOf(start);
    generate(answers, dir);
    userEdits(dir);
    const before = snapshot(dir);
    const plan = planUpdate(dir, answers, catalog, probe);
    assert.deepEqual(
      plan.files.filter((f) => f.after !== undefined || f.status === 'removed').map((f) => f.path),
      [],
    );
    assert.deepEqual(applyUpdate(plan), { written: [], removed: [] });
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(readdirSync(dirname(dir)), ['iris'], 'no staging folder was left beside it');
  });
});

describe('leo update is atomic', () => {
  const after = answersOf({ ...start, monitoring: 'prometheus', kubernetes: true });
  for (const failAt of ['first', 'middle', 'last'] as const) {
    it(`a failure at the ${failAt} file leaves the project as it was`, () => {
      const dir = join(tempDir(), 'iris');
      generate(answersOf(start), dir);
      userEdits(dir);
      const before = snapshot(dir);
      const plan = planUpdate(dir, after, catalog, probe);
      assert.throws(
        () =>
          applyUpdate(plan, {
            onFile: (path, index, total) => {
              const at = failAt === 'first' ? 0 : failAt === 'middle' ? Math.floor(total / 2) : total - 1;
              if (index === at) throw new Error(`disk full while writing ${path}`);
            },
          }),
        /could not write .*disk full while writing .*; nothing was changed: every file is as it was/,
      );
      const now = snapshot(dir);
      // Modes and bytes as before; the moved-back files keep their inode and time.
      assert.deepEqual(now, before);
      assert.deepEqual(readdirSync(dirname(dir)), ['iris'], 'no staging folder was left beside it');
    });
  }

  it('refuses up front a file where a folder is needed, and changes nothing', () => {
    const dir = join(tempDir(), 'iris');
    generate(answersOf(start), dir);
    writeFileSync(join(dir, 'k8s'), 'the user\'s own file named k8s\n');
    const before = snapshot(dir);
    const plan = planUpdate(dir, after, catalog, probe);
    assert.throws(() => applyUpdate(plan), /cannot write .*: nothing was changed[\s\S]*k8s is a file, and Leo writes k8s\/api\.yaml/);
    assert.deepEqual(snapshot(dir), before);
  });
});

describe('leo update, rules and versions', () => {
  it('adding Kubernetes turns Docker on, with the same warning as generation', () => {
    const dir = join(tempDir(), 'iris');
    const plain = answersOf({ name: 'iris', framework: 'flask' });
    generate(plain, dir);
    const plan = update(dir, answersOf({ name: 'iris', framework: 'flask', kubernetes: true }));
    assert.ok(plan.warnings.includes(catalog.get('kubernetes').implies![0]!.message));
    assert.equal(plan.after.docker, true);
    assert.equal(JSON.parse(read(dir, 'leo.json')).docker, true);
    assert.equal(status(plan, 'Dockerfile'), 'added');
    assert.equal(status(plan, 'k8s/api.yaml'), 'added');
  });

});
