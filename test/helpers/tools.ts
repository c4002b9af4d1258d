import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** CI sets this so that a test needing a missing tool fails instead of skipping. */
export const requireTools = process.env.LEO_REQUIRE_TOOLS === '1';

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * True when the command is there. Otherwise the test is skipped on a laptop, and fails where
 * LEO_REQUIRE_TOOLS=1 (CI), so that a green CI never hides a check that did not run.
 */
export function needCommand(t: TestContext, command: string): boolean {
  if (hasCommand(command)) return true;
  if (requireTools) throw new Error(`${command} is required (LEO_REQUIRE_TOOLS=1) but not on PATH`);
  t.skip(`${command} not installed`);
  return false;
}

/** A test file's fixture (a cluster, a socket), or why it is missing: a skip on a laptop, a failure in CI. */
export function presentOrSkip<T extends object>(t: TestContext, fixture: T | string): fixture is T {
  if (typeof fixture === 'object') return true;
  if (requireTools) throw new Error(`${fixture} (LEO_REQUIRE_TOOLS=1)`);
  t.skip(fixture);
  return false;
}
