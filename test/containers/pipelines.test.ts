import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '../helpers/tmp.js';
import { acrossShapes, type Project } from '../helpers/generate.js';
import { needTool, runValidator } from '../helpers/validators.js';
import { run } from '../helpers/run.js';

const WORKFLOW = '.github/workflows/ci.yml';
const PIPELINE = '.gitlab-ci.yml';
// The pipelines branch on Docker and Kubernetes: each is checked in every shape, with and without a gateway.
const github = [...acrossShapes({ name: 'gh', framework: 'flask', ci: 'github' }), ...acrossShapes({ name: 'gh_kong', framework: 'falcon', ci: 'github', gateway: 'kong' })];
const gitlab = [...acrossShapes({ name: 'gl', framework: 'flask', ci: 'gitlab' }), ...acrossShapes({ name: 'gl_kong', framework: 'falcon', ci: 'gitlab', gateway: 'kong' })];

/** check-jsonschema with a schema it vendors: SchemaStore's GitHub workflow schema, GitLab's own CI schema. */
const schemaCheck = (schema: 'vendor.github-workflows' | 'vendor.gitlab-ci', files: string[]) =>
  runValidator('check-jsonschema', ['--builtin-schema', schema, ...files]);

/** Writes a changed copy of a generated file into a temporary folder, under the same relative path. */
function brokenCopy(project: Project, path: string, change: (text: string) => string): string {
  const good = project.read(path);
  const text = change(good);
  assert.notEqual(text, good, 'the change must apply');
  const dir = tempDir();
  const file = join(dir, path.replaceAll('/', '_'));
  writeFileSync(file, text);
  return file;
}

describe('GitHub Actions workflow', () => {
  for (const project of github) {
    describe(project.title, () => {
      it('passes actionlint (with shellcheck over its run scripts) and the published workflow schema', (t) => {
        const actionlint = needTool(t, 'actionlint');
        if (!actionlint) return;
        // Named explicitly: actionlint finds .github/actionlint.yaml by itself only inside a git repository.
        const lint = run(actionlint, ['-no-color', '-config-file', '.github/actionlint.yaml', WORKFLOW], { cwd: project.dir });
        assert.equal(lint.status, 0, lint.output);
        const schema = schemaCheck('vendor.github-workflows', [join(project.dir, WORKFLOW)]);
        assert.equal(schema.status, 0, schema.output);
      });

      it('tests, builds the image only with Docker, and deploys the main branch', () => {
        const jobs = parse(project.read(WORKFLOW)).jobs;
        assert.deepEqual(Object.keys(jobs), ['test', ...(project.has('docker') ? ['image'] : []), 'deploy']);
        assert.ok(jobs.test.steps.some((s: { run?: string }) => s.run === 'python -m pytest'));
        assert.equal(jobs.deploy.needs, project.has('docker') ? 'image' : 'test');
        const script = JSON.stringify(jobs.deploy);
        if (project.has('kubernetes')) assert.match(script, /kubectl apply --kustomize release\//);
        else if (project.has('docker')) assert.match(script, /docker compose up/);
      });
    });
  }
});

describe('GitLab CI pipeline', () => {
  for (const project of gitlab) {
    describe(project.title, () => {
      it("passes GitLab's published CI schema", () => {
        const schema = schemaCheck('vendor.gitlab-ci', [join(project.dir, PIPELINE)]);
        assert.equal(schema.status, 0, schema.output);
      });

      it('tests, builds the image only with Docker, and deploys the default branch', () => {
        const pipeline = parse(project.read(PIPELINE));
        assert.deepEqual(pipeline.stages, ['test', ...(project.has('docker') ? ['build'] : []), 'deploy']);
        assert.ok(pipeline.test.script.includes('python -m pytest'));
        assert.equal('build-image' in pipeline, project.has('docker'));
        assert.deepEqual(pipeline.deploy.needs, [project.has('docker') ? 'build-image' : 'test']);
        assert.deepEqual(pipeline.deploy.rules, [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
      });
    });
  }
});

describe('each pipeline check bites', () => {
  it('actionlint rejects a job that needs a missing job', (t) => {
    const actionlint = needTool(t, 'actionlint');
    if (!actionlint) return;
    const file = brokenCopy(github[0]!, WORKFLOW, (text) => text.replace(/needs: (image|test)$/m, 'needs: imagee'));
    const lint = run(actionlint, ['-no-color', file]);
    assert.notEqual(lint.status, 0);
    assert.match(lint.output, /imagee/);
  });

  it('the workflow schema rejects a misspelt key of a job', () => {
    const file = brokenCopy(github[0]!, WORKFLOW, (text) => text.replace('runs-on:', 'run-on:'));
    const schema = schemaCheck('vendor.github-workflows', [file]);
    assert.notEqual(schema.status, 0);
  });

  it('the GitLab schema rejects a misspelt key of a job', () => {
    const file = brokenCopy(gitlab[0]!, PIPELINE, (text) => text.replace('  script:', '  scripts:'));
    const schema = schemaCheck('vendor.gitlab-ci', [file]);
    assert.notEqual(schema.status, 0);
    assert.match(schema.output, /scripts/);
  });
});
