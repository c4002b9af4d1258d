import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { matrix } from '../helpers/generate.js';
import { run } from '../helpers/run.js';

const projects = matrix();
const config = join(repoRoot, 'test', 'containers', 'yamllint.yml');
const inProjects = (test: (path: string) => boolean) => projects.flatMap((p) => p.files.filter(test).map((f) => join(p.dir, f)));
const yamlFiles = inProjects((f) => /\.ya?ml$/.test(f));
// Every generated shell script ends in .sh (the project CLI is Python).
const shellFiles = inProjects((f) => f.endsWith('.sh'));
const yamllint = (files: string[]) => run('yamllint', ['--strict', '--config-file', config, ...files]);
const shellcheck = (files: string[]) => run('shellcheck', ['--severity=style', ...files]);

describe('yamllint', () => {
  it(`passes every generated YAML file (${yamlFiles.length} across the matrix)`, (t) => {
    if (!needCommand(t, 'yamllint')) return;
    assert.ok(yamlFiles.some((f) => f.endsWith('docker-compose.yml')));
    const result = yamllint(yamlFiles);
    assert.equal(result.status, 0, result.output);
  });

  it('bites: a duplicate key and a bad indentation fail', (t) => {
    if (!needCommand(t, 'yamllint')) return;
    const file = join(tempDir(), 'broken.yml');
    writeFileSync(file, 'services:\n  api: {}\n  api: {}\nlist:\n    - a\n');
    const result = yamllint([file]);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /duplication of key "api"/);
    assert.match(result.output, /wrong indentation/);
  });
});

describe('shellcheck', () => {
  it(`passes every generated shell script (${shellFiles.length} across the matrix) and the repository's own`, (t) => {
    if (!needCommand(t, 'shellcheck')) return;
    assert.ok(shellFiles.some((f) => f.endsWith('docker-entrypoint.sh')) && shellFiles.some((f) => f.endsWith('setup-venv.sh')));
    const own = ['.ci/run', '.ci/containers.sh', 'scripts/cluster/build.sh'].map((file) => join(repoRoot, file));
    const result = shellcheck([...shellFiles, ...own]);
    assert.equal(result.status, 0, result.output);
  });

  it('bites: an unquoted command substitution and variable fail', (t) => {
    if (!needCommand(t, 'shellcheck')) return;
    const file = join(tempDir(), 'broken.sh');
    const good = readFileSync(shellFiles.find((f) => f.endsWith('setup-venv.sh'))!, 'utf8');
    const unquoted = good.replace('cd "$(dirname "$0")"', 'cd $(dirname $0)');
    assert.notEqual(unquoted, good);
    writeFileSync(file, unquoted);
    const result = shellcheck([file]);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /SC2046/);
    assert.match(result.output, /SC2086/);
  });
});
