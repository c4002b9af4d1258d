import { spawn, spawnSync } from 'node:child_process';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: validators speak on either. */
  output: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to the test process's own environment. */
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to its end, with no input. */
export function run(command: string, args: string[], options: RunOptions = {}): Run {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** run(), failing with the command's whole output unless it exits with 0; returns its stdout. */
export function runOk(command: string, args: string[], options: RunOptions = {}): string {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? 'signal'}):\n${result.output}`);
  return result.stdout;
}

/** run(), without blocking the event loop: for commands that run while servers in this process answer. */
export function runAsync(command: string, args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, output: `${stdout}${stderr}` }));
  });
}

/** Waits until check() holds, looking every 250 ms; after timeoutMs it fails, saying what it waited for. */
export async function waitFor(check: () => boolean, what: string | (() => string), timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
