// Leo's side of deploying: recognising a project, running its CLI, streaming, cancelling, and the
// bounded log the screen keeps.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { drawable, MAX_LINE_CHARS, OutputLog } from '../../src/deploy/log.js';
import { readProject, targetProblem } from '../../src/deploy/project.js';
import { startDeploy } from '../../src/deploy/runner.js';
import { waitFor } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { alive, CONTENT_TAG, generated, withStandIns } from './stand-ins.js';

const project = generated({ name: 'iris_classifier', kubernetes: true });

describe('deploy: the project', () => {
  it('is recognised by its answers file, with the targets it enabled', () => {
    const read = readProject(project, catalog);
    assert.equal(read.name, 'iris_classifier');
    assert.deepEqual(read.targets.map((t) => t.id), ['docker', 'kubernetes']);
    assert.equal(read.cli, 'iris_classifiercli.py');
    assert.equal(read.python, 'python3', 'no .venv: python3 from PATH');
    assert.deepEqual(readProject(generated({ name: 'plain' }), catalog).targets, []);
  });

  it("prefers the project's own .venv", () => {
    const dir = generated({ name: 'venv_project', docker: true });
    mkdirSync(join(dir, '.venv', 'bin'), { recursive: true });
    symlinkSync('/usr/bin/env', join(dir, '.venv', 'bin', 'python'));
    assert.equal(readProject(dir, catalog).python, join(dir, '.venv', 'bin', 'python'));
  });

  it('a folder that is no Leo project, or a target it lacks, gets a clear message', () => {
    const empty = tempDir();
    assert.throws(() => readProject(empty, catalog), { message: `${empty} is not a Leo project: it has no leo.json, the answers file Leo writes at the root of every project it generates` });
    writeFileSync(join(empty, 'leo.json'), '{"name": "x"');
    assert.throws(() => readProject(empty, catalog), /leo\.json:1:13: malformed JSON/);
    const dockerOnly = readProject(generated({ name: 'only_docker', docker: true }), catalog);
    assert.equal(
      targetProblem(dockerOnly, 'kubernetes', catalog),
      'only_docker was generated without Kubernetes: it deploys to docker only (regenerate it with "kubernetes": true in leo.json)',
    );
    assert.equal(targetProblem(dockerOnly, 'docker', catalog), undefined);
    assert.match(targetProblem(dockerOnly, 'nomad', catalog)!, /unknown target "nomad"; targets: docker, kubernetes/);
  });
});

describe('deploy: the runner', () => {
  it('streams both streams of the project CLI in order, then its exit status', async () => {
    await withStandIns({}, async (tools) => {
      const lines: string[] = [];
      const run = startDeploy(readProject(project, catalog), 'deploy', 'kubernetes', (stream, text) => lines.push(`${stream}: ${text}`));
      assert.equal(run.command, 'python3 iris_classifiercli.py deploy kubernetes');
      assert.deepEqual(await run.done, { status: 0, cancelled: false, problem: undefined });
      assert.deepEqual(lines.slice(0, 3), [
        'stdout: $ docker build --tag iris-classifier:latest .',
        'stdout: docker build --tag iris-classifier:latest .: out',
        'stdout: docker build --tag iris-classifier:latest .: err',
      ]);
      assert.ok(lines.includes(`stdout: context kind-leo: the cluster must be able to pull iris-classifier:${CONTENT_TAG} (--registry pushes it to one it can reach)`), lines.join('\n'));
      assert.equal(tools.calls().at(-1), 'kubectl --namespace iris-classifier rollout status deployment/api --timeout=300s');
    });
  });

  it('reports a failure with its status and the error on stderr', async () => {
    await withStandIns({ STANDIN_FAIL: 'kubectl apply*' }, async () => {
      const lines: string[] = [];
      const run = startDeploy(readProject(project, catalog), 'deploy', 'kubernetes', (stream, text) => lines.push(`${stream}: ${text}`));
      assert.equal((await run.done).status, 1);
      assert.match(lines.join('\n'), /stderr: error: applying the manifests failed/);
    });
  });

  it('cancel ends the CLI and every process it started', async () => {
    await withStandIns({ STANDIN_HANG: 'docker build*' }, async (tools) => {
      const lines: string[] = [];
      const run = startDeploy(readProject(project, catalog), 'deploy', 'kubernetes', (_, text) => lines.push(text));
      await waitFor(() => lines.includes('docker: hanging'), () => `the hanging stand-in (so far: ${lines.join('\n')})`);
      const [[standIn, sleeper]] = tools.hung() as [[number, number]];
      assert.ok(alive(standIn!) && alive(sleeper!));
      run.cancel();
      const outcome = await run.done;
      assert.equal(outcome.cancelled, true);
      assert.ok(!alive(standIn!), 'the stand-in is gone');
      assert.ok(!alive(sleeper!), 'and the process it started');
    });
  });

  it('says when Python cannot be run', async () => {
    const broken = { ...readProject(project, catalog), python: join(tempDir(), 'no-python') };
    const outcome = await startDeploy(broken, 'status', 'docker', () => {}).done;
    assert.equal(outcome.status, null);
    assert.match(outcome.problem!, /^cannot run the project's CLI: \/.*no-python does not exist\. It needs Python 3: install it \(Debian and Ubuntu: apt-get install python3\)/);
    assert.doesNotMatch(outcome.problem!, /ENOENT|spawn/, 'in words, not the system call\'s');
  });

  it('names python3 and what to install when PATH has none', async () => {
    const noVenv = { ...readProject(project, catalog), python: 'python3' };
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      const outcome = await startDeploy(noVenv, 'status', 'docker', () => {}).done;
      assert.equal(outcome.status, null);
      assert.equal(
        outcome.problem,
        "cannot run the project's CLI: there is no python3 on PATH. It needs Python 3: install it (Debian and Ubuntu: apt-get install python3), or give the project its own .venv (python3 -m venv .venv in its folder).",
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('deploy: the bounded log', () => {
  it('keeps the latest lines only, and never holds more than twice the limit', () => {
    const log = new OutputLog(100);
    let most = 0;
    for (let i = 1; i <= 1_000; i += 1) {
      log.push('stdout', `line ${i}`);
      most = Math.max(most, log.capacityUsed);
    }
    assert.equal(log.size, 100);
    assert.equal(log.dropped, 900);
    assert.deepEqual(log.slice(0, 2).map((l) => l.text), ['line 901', 'line 902']);
    assert.equal(log.slice(99, 100)[0]!.text, 'line 1000');
    assert.ok(most <= 200, `held ${most}`);
  });

  it('draws colours, and drops what would move the cursor', () => {
    assert.equal(drawable('\u001B[32mok\u001B[0m done'), '\u001B[32mok\u001B[0m done\u001B[0m');
    assert.equal(drawable('\u001B[2K\u001B[1Aprogress 10%\rprogress 100%'), 'progress 100%');
    assert.equal(drawable('\u001B]0;title\u0007a\tb\u0007'), 'a    b');
    assert.equal(drawable('x'.repeat(10_000)).length, MAX_LINE_CHARS);
  });
});

