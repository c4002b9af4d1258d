import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runLeo } from '../helpers/leo.js';
import { freshVenv, inVenv, python } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';

describe('an updated project still installs and passes its own tests', () => {
  it('Flask + scikit-learn with an edited model, then Prometheus added', { timeout: 30 * 60_000 }, (t) => {
    if (!needCommand(t, python)) return;
    const home = tempDir();
    writeFileSync(join(home, 'p.json'), JSON.stringify({ name: 'iris', framework: 'flask', model: 'sklearn' }));
    assert.equal(runLeo(['--preset', 'p.json'], home).status, 0);
    const project = join(home, 'iris');
    const model = join(project, 'iris', 'model.py');
    const line = 'features = numeric_array(inputs, FEATURE_NAMES, np.float64)';
    const edited = 'features = np.clip(numeric_array(inputs, FEATURE_NAMES, np.float64), 0, None)';
    assert.ok(readFileSync(model, 'utf8').includes(line));
    writeFileSync(model, readFileSync(model, 'utf8').replace(line, edited));

    const update = runLeo(['add', 'iris', 'prometheus'], home);
    assert.equal(update.status, 0, update.stderr);
    assert.ok(readFileSync(model, 'utf8').includes(edited), 'the model edit survived');
    assert.match(readFileSync(join(project, 'requirements.txt'), 'utf8'), /^prometheus[-_]client==/m);

    const venv = freshVenv(project, 'requirements-dev.txt');
    const trained = inVenv(venv, project, 'python', ['iriscli.py', 'train']);
    assert.match(trained, /accuracy/);
    const tests = spawnSync(venv.bin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project, encoding: 'utf8' });
    assert.equal(tests.status, 0, `${tests.stdout}\n${tests.stderr}`);
    // Prometheus's own tests ran among them.
    assert.match(tests.stdout, /passed/);
    assert.ok(readFileSync(join(project, 'tests', 'test_prometheus.py'), 'utf8').length > 0);
  });
});
