import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stream } from './log.js';
import type { Action, DeployProject, Target } from './project.js';

export interface Outcome {
  /** The project CLI's exit status; null when it was ended by a signal or never started. */
  status: number | null;
  cancelled: boolean;
  /** Why the CLI could not be started at all (no Python). */
  problem?: string;
}

/** One run of the project CLI: its output goes to onLine as it comes, then done settles. */
export interface DeployRun {
  /** The command as a person would type it in the project's folder. */
  command: string;
  done: Promise<Outcome>;
  /** Ends the CLI and every process it started; done settles once they are all gone. */
  cancel(): void;
}

/** How long cancelled processes get to end on SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 2_000;

/**
 * Runs `python <name>cli.py ACTION TARGET` in the project: the one implementation of deploying is
 * the project's own CLI, and Leo only streams it.
 */
export function startDeploy(project: DeployProject, action: Action, target: Target, onLine: (stream: Stream, text: string) => void): DeployRun {
  const args = [project.cli, action, target];
  const subprocess = execa(project.python, args, {
    cwd: project.dir,
    // A process group of its own: cancelling signals the CLI and every command it started (a
    // signal to the CLI alone would orphan a running docker build), and a Ctrl-C typed into the
    // terminal reaches Leo only.
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    env: { PYTHONUNBUFFERED: '1' },
    // Line by line as the output comes (execa splits the lines); nothing is kept here.
    stdout: function* (line: unknown) {
      onLine('stdout', String(line));
    },
    stderr: function* (line: unknown) {
      onLine('stderr', String(line));
    },
  });
  const group = subprocess.pid;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    if (group === undefined) return false;
    try {
      process.kill(-group, signal);
      return true;
    } catch {
      return false;
    }
  };
  // Leo leaving for any reason (a signal, a crash) takes the group along: it would outlive Leo otherwise.
  const onExit = () => signalGroup('SIGKILL');
  process.on('exit', onExit);

  let cancelled = false;
  let settled = false;
  const groupRunning = (pgid: number) => (existsSync('/proc/self/stat') ? runningInGroup(pgid) : signalGroup(0));
  const done = (async (): Promise<Outcome> => {
    const result = await subprocess;
    // Cancelled, the CLI is gone but what it started may still be ending: wait for the whole
    // group (the SIGKILL armed by cancel forces stragglers), within bounds.
    const deadline = Date.now() + KILL_GRACE_MS + 1_000;
    while (cancelled && groupRunning(group!) && Date.now() < deadline) await sleep(20);
    settled = true;
    process.off('exit', onExit);
    return {
      status: result.exitCode ?? null,
      cancelled,
      problem: group === undefined ? startProblem(project.python, result.cause, result.originalMessage || result.shortMessage || '') : undefined,
    };
  })();

  return {
    command: [isAbsolute(project.python) ? relative(project.dir, project.python) : project.python, ...args].join(' '),
    done,
    cancel() {
      if (cancelled || settled) return;
      cancelled = true;
      signalGroup('SIGTERM');
      setTimeout(() => settled || signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
    },
  };
}

/** Why the project CLI did not start, in words: a missing Python is named, with what to install. */
function startProblem(python: string, cause: unknown, message: string): string {
  if ((cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') return `cannot run ${python}: ${message}`;
  const where = isAbsolute(python) ? `${python} does not exist` : `there is no ${python} on PATH`;
  return `cannot run the project's CLI: ${where}. It needs Python 3: install it (Debian and Ubuntu: apt-get install python3), or give the project its own .venv (python3 -m venv .venv in its folder).`;
}

/**
 * Whether a process of the group is still running. Zombies do not count: an orphan's entry waits
 * for PID 1 to reap it, and in a container PID 1 may never do so (signal 0 would still reach it).
 */
function runningInGroup(pgid: number): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}
