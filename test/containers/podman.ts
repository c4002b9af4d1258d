/**
 * podman for the tests that build and run the generated images: the commands, the base image that
 * .ci/containers.sh makes locally (named as the generated Dockerfile's FROM), and waiting on
 * containers.
 */
import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { hasCommand, requireTools } from '../helpers/tools.js';

export interface Exec {
  status: number | null;
  /** Both streams, in the order they came. */
  output: string;
  stdout: string;
  seconds: number;
}

/** Runs a command without blocking the event loop (builds run side by side), both streams together. */
export function exec(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<Exec> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, stdout, seconds: (performance.now() - started) / 1000 });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Like exec, failing with the command's output when it fails. */
export async function check(command: string, args: string[], options: Parameters<typeof exec>[2] = {}): Promise<Exec> {
  const result = await exec(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.output.slice(-4000)}`);
  return result;
}

/** podman's messages that say nothing about the container: no systemd runs the health-check timers here. */
export const quiet = (output: string) =>
  output
    .split('\n')
    .filter((line) => !/unable to get systemd connection/.test(line))
    .join('\n');

export const podman = (args: string[], options: Parameters<typeof exec>[2] = {}) => check('podman', args, options);

/** The image a Dockerfile's stages start from; all of Leo's start from the same. */
export function baseImage(dockerfile: string): string {
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
  if (!froms.length || froms.some((f) => f !== froms[0])) throw new Error(`expected one base image, got ${froms.join(', ')}`);
  return froms[0]!;
}

/**
 * True when podman and the base image are there. Otherwise the test is skipped on a laptop, and
 * fails under LEO_REQUIRE_TOOLS=1 (CI), whose .ci/containers.sh provides both.
 */
export async function needPodman(t: TestContext, base: string): Promise<boolean> {
  const missing = !hasCommand('podman')
    ? 'podman is not installed'
    : (await exec('podman', ['image', 'exists', base])).status !== 0
      ? `the base image ${base} is not in podman's storage`
      : undefined;
  if (!missing) return true;
  if (requireTools) throw new Error(`${missing} (LEO_REQUIRE_TOOLS=1): run .ci/containers.sh`);
  t.skip(`${missing}: .ci/containers.sh provides it`);
  return false;
}

/** GET url's status, or 0 when nothing answers. */
export async function statusOf(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** A container's state and exit code. */
export async function state(container: string): Promise<{ status: string; exitCode: number; health: string }> {
  const { output } = await podman(['container', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}} {{.State.Health.Status}}', container]);
  const [status, exitCode, health] = quiet(output).trim().split(/\s+/);
  return { status: status!, exitCode: Number(exitCode), health: health ?? '' };
}
