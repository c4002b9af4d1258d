// `leo deploy` before any screen: the folder and the target are checked, with messages to act on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLeo } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';
import { generated } from './stand-ins.js';

describe('leo deploy without a screen', () => {
  it('a folder that is no Leo project', () => {
    const dir = tempDir();
    const result = runLeo(['deploy', dir], dir);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `leo: ${dir} is not a Leo project: it has no leo.json, the answers file Leo writes at the root of every project it generates\n`);
  });

  it('a target the project did not enable, or none at all', () => {
    const dockerOnly = generated({ name: 'only_docker', docker: true });
    let result = runLeo(['deploy', '--target', 'kubernetes'], dockerOnly);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^leo: only_docker was generated without Kubernetes: it deploys to docker only/);

    const plain = generated({ name: 'plain' });
    result = runLeo(['deploy', plain], tempDir());
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'leo: plain was generated without Docker and Kubernetes: there is nothing to deploy\n');
  });

  it('without a terminal, points to the project CLI', () => {
    const project = generated({ name: 'iris_classifier', kubernetes: true });
    const result = runLeo(['deploy', project, '--target', 'kubernetes'], tempDir());
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `leo: the deploy screen needs a terminal. Without one, run in ${project}: python3 iris_classifiercli.py deploy kubernetes\n`);
  });

  it('rejects options of other modes', () => {
    assert.match(runLeo(['deploy', '--force'], tempDir()).stderr, /--out, --force and --dry-run go with --preset FILE, not with leo deploy/);
    assert.match(runLeo(['--target', 'docker'], tempDir()).stderr, /--target goes with leo deploy/);
    assert.equal(runLeo(['deploy', 'a', 'b'], tempDir()).status, 2);
  });
});
