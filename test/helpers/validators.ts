import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { repoRoot } from './leo.js';
import { python } from './python.js';
import { type Run, run } from './run.js';
import { hasCommand, requireTools } from './tools.js';

/** Where .ci/run builds the Go validators (kustomize, actionlint) and the tests keep their venv. */
export const cacheDir = join(repoRoot, '.cache');
const goBin = join(cacheDir, 'bin');

/**
 * The path of a validator: .cache/bin first (built by .ci/run), then PATH. Missing, the test is
 * skipped on a laptop and fails in CI (LEO_REQUIRE_TOOLS=1), like needCommand.
 */
export function needTool(t: TestContext, name: string): string | undefined {
  const cached = join(goBin, name);
  if (existsSync(cached)) return cached;
  if (hasCommand(name)) return name;
  if (requireTools) throw new Error(`${name} is required (LEO_REQUIRE_TOOLS=1): run .ci/run, which builds it into .cache/bin`);
  t.skip(`${name} not installed (.ci/run builds it into .cache/bin)`);
  return undefined;
}

/** The Python validators, pinned; one venv shared by every test file and kept between runs. */
const VALIDATORS = ['kubernetes-validate==1.37.0', 'check-jsonschema==0.39.0'];
const venvDir = join(cacheDir, 'validators');
// Through the venv's python rather than its scripts: the venv is built elsewhere and renamed, which
// breaks the scripts' shebangs but not `python -c`.
const entryPoints = {
  'kubernetes-validate': 'from kubernetes_validate.__main__ import main',
  'check-jsonschema': 'from check_jsonschema import main',
};

/** Runs a Python validator from the shared venv, which is created (once, atomically) when missing or outdated. */
export function runValidator(tool: keyof typeof entryPoints, args: string[]): Run {
  const bin = validatorsBin();
  return run(join(bin, 'python'), ['-c', `import sys; ${entryPoints[tool]}; sys.exit(main())`, ...args]);
}

function validatorsBin(): string {
  const stamp = join(venvDir, 'leo-validators.txt');
  const wanted = VALIDATORS.join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return join(venvDir, 'bin');
  mkdirSync(cacheDir, { recursive: true });
  // Built beside its place and renamed into it, so that a concurrent or interrupted run never uses half a venv.
  const building = `${venvDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', building]],
    [join(building, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...VALIDATORS]],
  ];
  for (const [command, args] of steps) {
    const result = run(command, args);
    if (result.status !== 0) throw new Error(`could not create the validators' venv: ${command} ${args.join(' ')}\n${result.output}`);
  }
  writeFileSync(join(building, 'leo-validators.txt'), wanted);
  rmSync(venvDir, { recursive: true, force: true });
  renameSync(building, venvDir);
  return join(venvDir, 'bin');
}
