/**
 * What the observability tests share: generated projects with a virtual environment from their own
 * requirements (kept in .cache/ by the requirements' digest, so that test files and runs with the
 * same project build it once), and daemons on free loopback ports, stopped with the test or suite
 * that started them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { generate, type Project } from '../helpers/generate.js';
import { cacheDir } from '../helpers/validators.js';
import { freePort, type Process, python, type Server, startProcess, startServer } from '../helpers/python.js';

export interface Observed extends Project {
  name: string;
  /** The project's own test suite, run with its venv: [exit status, output]. */
  pytest(): [number | null, string];
  /** gunicorn with the project's gunicorn.conf.py on a free loopback port, once /health/ready answers. */
  serve(env?: NodeJS.ProcessEnv): Promise<Server>;
}

/** Call it in a describe's body: its servers are stopped when that suite ends. */
export function observedProject(preset: Record<string, unknown>): Observed {
  const project = generate(validatePreset(preset, catalog, 'test preset'));
  const name = project.answers.name;
  const venv = venvFor(project);
  const bin = (command: string) => join(venv, 'bin', command);
  // Servers last as long as the suite that made the project: stopped when it ends.
  const servers: Server[] = [];
  after(() => Promise.all(servers.map((server) => server.stop())));
  // The service serves the trained example model.
  const trained = spawnSync(bin('python'), [`${name}cli.py`, 'train'], { cwd: project.dir, encoding: 'utf8' });
  if (trained.status !== 0) throw new Error(`training failed:\n${trained.stdout}${trained.stderr}`);
  return {
    ...project,
    name,
    pytest() {
      const result = spawnSync(bin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project.dir, encoding: 'utf8' });
      return [result.status, result.stdout + result.stderr];
    },
    async serve(env = {}) {
      const port = await freePort();
      const server = await startServer(bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
        cwd: project.dir,
        port,
        readyPath: '/health/ready',
        env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', ...env },
      });
      servers.push(server);
      return server;
    },
  };
}

/**
 * A venv with the project's requirements-dev.txt (and what it includes), built once per set of
 * requirements. Built in place (a venv's scripts name their folder); a stamp written last marks it
 * complete, so that an interrupted build is redone.
 */
function venvFor(project: Project): string {
  const requirements = ['requirements.txt', 'requirements-dev.txt'].map((f) => project.read(f)).join('\n');
  const digest = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'observability', `venv-${digest}`);
  const stamp = join(dir, 'leo-complete');
  if (existsSync(stamp)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', dir]],
    [join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', join(project.dir, 'requirements-dev.txt')]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
  writeFileSync(stamp, requirements);
  return dir;
}

/** Starts a long-running tool in its own process group, once `ready()` holds; stopped when the test that started it ends. */
export async function startDaemon(command: string, args: string[], ready: () => Promise<boolean>): Promise<Process> {
  const daemon = await startProcess(command, args, { ready });
  after(() => daemon.stop());
  return daemon;
}

/** True once something accepts TCP connections on the loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Polls `probe` until `done` accepts its value, or `seconds` have passed: the last value either way. */
export async function eventually<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await probe();
  }
  return value;
}

