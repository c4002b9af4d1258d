import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copiedPaths, ignored, lintProblems, policyProblems, trainedFiles } from '../helpers/checks/dockerfile.js';
import { matrix } from '../helpers/generate.js';

const projects = matrix().filter((p) => p.has('docker'));

describe('Dockerfile', () => {
  for (const project of projects) {
    describe(project.title, () => {
      const dockerfile = project.read('Dockerfile');

      it('passes the dockerfile-utils lint', () => {
        assert.deepEqual(lintProblems(dockerfile), []);
      });

      it('is multi-stage, pinned, non-root, health-checked, started in exec form, with the model and its digest', () => {
        assert.deepEqual(policyProblems(dockerfile, project.modelFile), []);
      });

      it('copies files that exist and that .dockerignore lets into the build context', () => {
        const dockerignore = project.read('.dockerignore');
        for (const path of copiedPaths(dockerfile)) {
          if (!trainedFiles(project.modelFile).includes(path)) assert.ok(existsSync(join(project.dir, path)), `${path} is not in the project`);
          assert.equal(ignored(dockerignore, path), false, `.dockerignore leaves out ${path}`);
        }
        for (const secret of ['.env', '.venv/bin/python', '.git/config', 'tests/test_api.py', `${project.answers.name}/__pycache__/x.pyc`]) {
          assert.equal(ignored(dockerignore, secret), true, `${secret} would enter the build context`);
        }
      });

      it('its entry point hands PID 1 to gunicorn with exec and health-checks /health/ready', () => {
        const entrypoint = project.read('docker-entrypoint.sh');
        assert.match(entrypoint, /^\s*exec gunicorn --config gunicorn.conf.py \w+\.wsgi:app$/m);
        assert.match(entrypoint, /\/health\/ready/);
        assert.match(dockerfile, /HEALTHCHECK [^\n]*\\\n\s+CMD \["\/app\/docker-entrypoint.sh", "healthcheck"\]/);
      });
    });
  }
});

describe('each Dockerfile check bites', () => {
  const good = projects[0]!.read('Dockerfile');
  const modelFile = projects[0]!.modelFile;

  it('the lint rejects an unknown instruction and a COPY without destination', () => {
    assert.match(lintProblems(good.replace('EXPOSE', 'EXPOS')).join('\n'), /Unknown instruction: EXPOS/);
    assert.match(lintProblems(`${good}COPY onlyone\n`).join('\n'), /COPY requires at least two arguments/);
  });

  it('the policy rejects each weakening', () => {
    const cases: [string, RegExp][] = [
      [good.replace(/^USER .*$/m, ''), /runs as "root"/],
      [good.replace(/^USER .*$/m, 'USER app'), /runs as "app", not a numeric non-root user/],
      [good.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, ''), /no HEALTHCHECK/],
      [good.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT /app/docker-entrypoint.sh'), /not in exec form/],
      [good.replaceAll(/-slim-\w+/g, '-slim'), /not a slim Python pinned to a Debian codename/],
      [good.replace(/^FROM [^\n]* AS build\n[\s\S]*?(?=^FROM )/m, ''), /not multi-stage/],
      [good.replace(` models/${modelFile}.sha256`, ''), new RegExp(`models/${modelFile}\\.sha256 is not copied in`)],
    ];
    for (const [dockerfile, expected] of cases) {
      assert.notEqual(dockerfile, good);
      assert.match(policyProblems(dockerfile, modelFile).join('\n'), expected);
    }
  });

  it('the .dockerignore reading follows Docker: last match wins, folders take their contents', () => {
    assert.equal(ignored('*\n!pkg/\n**/__pycache__\n', 'pkg/a.py'), false);
    assert.equal(ignored('*\n!pkg/\n**/__pycache__\n', 'pkg/__pycache__/a.pyc'), true);
    assert.equal(ignored('*\n!models/model.pkl\n', 'models/model.pkl.sha256'), true);
  });
});
