/**
 * Generated Python held to Python's own standards: every project passes `ruff check`, `ruff format
 * --check` and `mypy` with the settings (pyproject.toml) and the pinned tools (requirements-dev.txt)
 * it ships. The matrix is every model type (and Spark, which takes a model type's place) with both
 * frameworks, each with one of three sets of the components that add Python (none; Prometheus,
 * ELK and the Kubernetes commands; Graphite and the Docker commands).
 *
 * One venv holds what every project of the matrix needs, for mypy to follow their imports: the
 * union of their requirements, cached by digest like every test venv. PyPI's PyTorch (a 5 GB CUDA
 * build) joins it only with LEO_TEST_PYTORCH=1, as in model-types.test.ts; without it, the pytorch
 * projects are checked with torch's imports taken as unknown (the test says so in its title).
 *
 * Also: `pip install -e .` of a generated project gives the `<name>` command, which works from
 * any folder as `python <name>cli.py` does.
 */
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalog, requirementName } from '../../src/catalog/index.js';
import type { Answers } from '../../src/pipeline/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { categoryValues, generate, type Project } from '../helpers/generate.js';
import { freshVenv, python, requirementLines } from '../helpers/python.js';
import { run, runOk } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';

const realTorch = process.env.LEO_TEST_PYTORCH === '1';
const mypyCache = fileURLToPath(new URL('../../.cache/mypy', import.meta.url));

/** The components that add Python, in three sets; each model type meets each with some framework. */
const EXTRAS: Record<string, unknown>[] = [
  {},
  { monitoring: 'prometheus', logging: 'elk', kubernetes: true, gateway: 'kong' },
  { monitoring: 'graphite', docker: true },
];

function presets(): Answers[] {
  const frameworks = categoryValues(catalog, 'framework') as string[];
  const kinds: { model: string; spark?: boolean }[] = [...(categoryValues(catalog, 'model') as string[]).map((model) => ({ model })), { model: 'generic', spark: true }];
  return kinds.flatMap((kind, i) =>
    frameworks.map((framework, j) => {
      const label = kind.spark ? 'spark' : kind.model;
      const preset = { name: `quality_${label}_${framework}`, framework, ...kind, ...EXTRAS[(i + j) % EXTRAS.length] };
      return validatePreset(preset, catalog, 'quality preset');
    }),
  );
}

const projects = presets().map(generate);
const home = tempDir('leo-quality-');

/** The venv with every project's requirements (PyTorch aside unless asked for), built once per set. */
function qualityVenv(): string {
  const lines = new Set(projects.flatMap((p) => requirementLines(join(p.dir, 'requirements-dev.txt'))));
  const wanted = [...lines].filter((line) => realTorch || requirementName(line) !== 'torch').sort();
  writeFileSync(join(home, 'requirements-quality.txt'), `${wanted.join('\n')}\n`);
  return freshVenv(home, 'requirements-quality.txt').dir;
}

function timed(label: string, command: string, args: string[], project: Project, venv: string): string {
  const started = performance.now();
  const result = run(join(venv, 'bin', command), args, { cwd: project.dir, env: { VIRTUAL_ENV: venv } });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  assert.equal(result.status, 0, `${label} in ${project.title}:\n${result.output}`);
  return `${label} ${seconds} s`;
}

describe('generated Python passes ruff and mypy with its own settings', { concurrency: false }, () => {
  let venv: string;

  for (const project of projects) {
    const standIn = !realTorch && project.has('pytorch');
    it(`${project.title}: ruff check, ruff format --check, mypy${standIn ? ' (torch unknown: no LEO_TEST_PYTORCH)' : ''}`, (t) => {
      if (!needCommand(t, python)) return;
      venv ??= qualityVenv();
      if (standIn) {
        // torch is not installed: its imports are unknown, not errors. Everything else is checked.
        appendFileSync(join(project.dir, 'pyproject.toml'), '\n[[tool.mypy.overrides]]\nmodule = ["torch", "torch.*"]\nignore_missing_imports = true\n');
      }
      const timings = [
        timed('ruff check', 'ruff', ['check', '--no-cache', '.'], project, venv),
        timed('ruff format --check', 'ruff', ['format', '--no-cache', '--check', '.'], project, venv),
        // A cache per project: projects share module names (conftest, tests), which a shared cache confuses.
        timed('mypy', 'mypy', ['--cache-dir', join(mypyCache, project.answers.name)], project, venv),
      ];
      t.diagnostic(`${project.answers.name}: ${timings.join(', ')}`);
    });
  }
});

describe('pip install -e . of a generated project', () => {
  it('installs the package and its requirements, and gives the <name> command, which trains and predicts from any folder', (t) => {
    if (!needCommand(t, python)) return;
    const project = generate(validatePreset({ name: 'installed_svc', framework: 'flask', model: 'generic' }, catalog, 'test preset'));
    const venv = join(home, 'installed-venv');
    runOk(python, ['-m', 'venv', venv]);
    runOk(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', '-e', '.'], { cwd: project.dir });
    const elsewhere = tempDir('leo-elsewhere-');
    const command = join(venv, 'bin', 'installed_svc');
    const help = runOk(command, ['--help'], { cwd: elsewhere });
    assert.match(help, /^usage: installed_svc /);
    assert.match(runOk(command, ['train'], { cwd: elsewhere }), /model written to .*models\/model\.pkl/);
    const inputs = JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] });
    const input = join(elsewhere, 'inputs.json');
    writeFileSync(input, inputs);
    const predicted = JSON.parse(runOk(command, ['predict', input], { cwd: elsewhere })) as { predictions: string[] };
    assert.deepEqual(predicted.predictions, ['setosa', 'virginica']);
    // The script at the root still runs the same CLI, with the venv's python.
    const viaScript = JSON.parse(runOk(join(venv, 'bin', 'python'), ['installed_svccli.py', 'predict', input], { cwd: project.dir })) as { predictions: string[] };
    assert.deepEqual(viaScript.predictions, predicted.predictions);
  });
});
