import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { freePort, python } from '../helpers/python.js';
import { generate } from '../helpers/generate.js';
import { run, waitFor } from '../helpers/run.js';

// One project with the virtualenv environment and Docker: its setup script builds the venv in
// which the generated tests run, and the image's entry point is exercised in it as gunicorn's
// parent would be in a container (no Docker engine here).
const project = generate(validatePreset({ name: 'venv_check', framework: 'flask', model: 'generic', environment: 'virtualenv', docker: true }, catalog, 'test'));
const venvPath = `${join(project.dir, '.venv', 'bin')}:${process.env.PATH}`;
const inProject = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) => run(command, args, { cwd: project.dir, env: { PYTHON: python, ...env } });

describe('virtualenv setup script', () => {
  it('creates .venv with the requirements, and the generated tests pass inside it', () => {
    const setup = inProject('./setup-venv.sh', []);
    assert.equal(setup.status, 0, setup.output);
    assert.match(setup.output, /ready: \. \.venv\/bin\/activate/);
    const tests = inProject(join('.venv', 'bin', 'python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
    assert.equal(tests.status, 0, tests.output);
    assert.match(tests.output, /\d+ passed/);
  });

  it('runs again over an existing .venv', () => {
    const again = inProject('./setup-venv.sh', []);
    assert.equal(again.status, 0, again.output);
  });

  it('refuses an interpreter older than the project needs', () => {
    const old = inProject('./setup-venv.sh', [], { PYTHON: 'false' });
    assert.equal(old.status, 1);
    assert.match(old.output, /missing or older than Python 3\.11/);
  });
});

describe('docker-entrypoint.sh, run in the venv', () => {
  it('execs gunicorn as the process itself, whose health check turns green, and which stops on SIGTERM', async () => {
    const train = inProject(join('.venv', 'bin', 'python'), ['venv_checkcli.py', 'train']);
    assert.equal(train.status, 0, train.output);
    const port = await freePort();
    const env = { ...process.env, PATH: venvPath, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '1', MODEL_PATH: 'models/model.pkl' };
    const healthcheck = () => run('./docker-entrypoint.sh', ['healthcheck'], { cwd: project.dir, env }).status === 0;
    assert.equal(healthcheck(), false, 'no server yet: the health check must fail');

    const server: ChildProcess = spawn('./docker-entrypoint.sh', [], { cwd: project.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    server.stderr?.on('data', (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      await waitFor(healthcheck, `GET /health/ready on port ${port}\n${log}`);
      // exec replaced the shell: the process started as the script is gunicorn's master now.
      const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.some((arg) => arg.endsWith('gunicorn')), cmdline.join(' '));
      assert.ok(cmdline.includes('venv_check.wsgi:app'), cmdline.join(' '));
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0, log);
  });
});

describe('conda environment.yml', () => {
  const conda = generate(validatePreset({ name: 'conda_check', framework: 'falcon', environment: 'conda' }, catalog, 'test'));

  it("pins the project's Python and installs the pinned requirements through pip", () => {
    const environment = parse(conda.read('environment.yml'));
    assert.equal(environment.name, 'conda_check');
    assert.deepEqual(environment.channels, ['conda-forge']);
    const [pythonPin, pip, pipSection] = environment.dependencies;
    assert.deepEqual([pythonPin, pip], ['python=3.11', 'pip']);
    assert.deepEqual(pipSection, { pip: ['--requirement requirements-dev.txt'] });
    assert.ok(existsSync(join(conda.dir, 'requirements-dev.txt')));
  });
});
