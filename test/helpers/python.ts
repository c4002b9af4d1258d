import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './run.js';

export const python = process.env.LEO_TEST_PYTHON ?? 'python3';

export interface Venv {
  dir: string;
  bin(name: string): string;
}

/** Where venvs are kept between test files and runs, one per requirements digest. */
const venvCache = join(fileURLToPath(new URL('../..', import.meta.url)), '.cache', 'venvs');

/**
 * The requirements a file asks for, with every `-r FILE` it includes expanded, recursively:
 * sorted, without comments or duplicates, so that projects named differently share a venv.
 */
export function requirementLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const include = /^\s*-r\s+(\S+)/.exec(line);
      if (include) return requirementLines(join(dirname(file), include[1]!));
      const requirement = line.replace(/(^|\s)#.*$/, '').trim();
      return requirement ? [requirement] : [];
    });
  return [...new Set(lines)].sort();
}

/** Blocks this thread (venv creation is synchronous) without spinning. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A virtual environment with the project's requirements installed, linked as the project's `.venv`.
 * Venvs are kept under .cache/venvs by the digest of the Python and of the requirements (with their
 * includes), so test files and runs that need the same set share one; a lock file makes test files
 * running side by side build each one once. Tests only read a venv, never install into it.
 */
export function freshVenv(project: string, requirementsFile: string): Venv {
  const pythonVersion = runOk(python, ['-c', 'import sys; print(sys.executable, sys.version)'], { cwd: project });
  const digest = createHash('sha256').update(pythonVersion).update(requirementLines(join(project, requirementsFile)).join('\n')).digest('hex');
  const dir = join(venvCache, digest.slice(0, 16));
  const complete = join(dir, '.leo-complete');
  const lock = `${dir}.lock`;
  mkdirSync(venvCache, { recursive: true });
  for (const deadline = Date.now() + 60 * 60_000; !existsSync(complete); pause(500)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}`);
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another test file is building it; a lock whose holder died is taken over.
      const holder = Number(readFileSync(lock, 'utf8')) || 0;
      if (holder && !processAlive(holder)) rmSync(lock, { force: true });
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      rmSync(dir, { recursive: true, force: true });
      runOk(python, ['-m', 'venv', dir], { cwd: project });
      // pip's own cache (shared across runs) keeps this fast.
      runOk(join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', requirementsFile], { cwd: project });
      writeFileSync(complete, `${requirementsFile} of ${project}\n`);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  // Marks the last use: .ci/run removes the venvs of requirements no test has used for days.
  const now = new Date();
  utimesSync(complete, now, now);
  const link = join(project, '.venv');
  rmSync(link, { recursive: true, force: true });
  symlinkSync(dir, link);
  return { dir: link, bin: (name: string) => join(link, 'bin', name) };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command of the venv in the project, failing with its output when it fails. */
export function inVenv(venv: Venv, project: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const bin = existsSync(venv.bin(command)) ? venv.bin(command) : command;
  return runOk(bin, args, { cwd: project, env: { ...env, VIRTUAL_ENV: venv.dir, PATH: `${join(venv.dir, 'bin')}:${process.env.PATH}` } });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Process {
  /** The process id, which is also the id of its process group (a server's workers and their children). */
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

export interface Server extends Process {
  url: string;
}

/** Starts a process in its own process group and waits until `ready()` holds; stop() ends the whole group. */
export async function startProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; ready: () => Promise<boolean>; timeoutMs?: number },
): Promise<Process> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}:\n${output}`);
    if (await options.ready().catch(() => false)) return { pid: child.pid!, logs: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${command} was not ready within the time limit:\n${output}`);
}

/**
 * Starts a server process in its own process group and waits until `readyPath` answers (any status).
 * A generated service drains for DRAIN_SECONDS on SIGTERM: none here, unless a test asks for one.
 */
export async function startServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; port: number; readyPath?: string; timeoutMs?: number },
): Promise<Server> {
  const url = `http://127.0.0.1:${options.port}`;
  const ready = async () => (await fetch(url + (options.readyPath ?? '/health/live')), true);
  const env = { DRAIN_SECONDS: '0', ...options.env };
  return { url, ...(await startProcess(command, args, { ...options, env, ready })) };
}

/** The top-level names a Python environment can import from its installed distributions (public ones only). */
export function topLevelImports(pythonBin: string): string[] {
  const script = 'import importlib.metadata as m, json; print(json.dumps(sorted(n for n in m.packages_distributions() if n.isidentifier() and not n.startswith("_"))))';
  return JSON.parse(runOk(pythonBin, ['-c', script])) as string[];
}
