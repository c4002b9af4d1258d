/**
 * Server processes for the benchmarks: started in their own process group with their output going
 * to a file (nothing for node to drain while it measures), followed as a tree of processes (BentoML
 * and MLServer start workers that leave the group, some in sessions of their own), charged the CPU
 * time of the whole tree, and stopped whole on exit, on error and on Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

interface Stat {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks: the process's own time and that of its reaped children. */
  ticks: number;
}

/** One process's /proc/<pid>/stat, or undefined once it is gone (a zombie is gone: it has ended, whoever reaps it). */
export function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return { ppid: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime! };
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  return stats;
}

export interface ServerProcess {
  readonly pid: number;
  readonly logFile: string;
  /** The tree's processes now; every process ever seen in it is remembered, to be stopped at the end. */
  tree(): number[];
  /** CPU seconds used so far by the processes of the tree (and the children they reaped). */
  cpuSeconds(): number;
  exited(): boolean;
  stop(): Promise<void>;
}

const running = new Set<ServerProcess>();

/** Starts `command` in a process group of its own, stdout and stderr appended to `logFile`. */
export function startProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): ServerProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  let exitedAt: number | null = null;
  child.on('exit', () => (exitedAt = Date.now()));
  const known = new Set<number>([pid]);

  const tree = (): number[] => {
    const stats = allStats();
    // Descendants of the root and of any process already known: a worker whose parent died is still followed.
    let grew = true;
    while (grew) {
      grew = false;
      for (const [candidate, stat] of stats) {
        if (!known.has(candidate) && known.has(stat.ppid)) {
          known.add(candidate);
          grew = true;
        }
      }
    }
    return [...known].filter((p) => stats.has(p));
  };

  const signal = (name: NodeJS.Signals) => {
    for (const target of [-pid, ...tree()]) {
      try {
        process.kill(target, name);
      } catch {
        // Already gone.
      }
    }
  };

  const server: ServerProcess = {
    pid,
    logFile: options.logFile,
    tree,
    cpuSeconds: () => tree().reduce((sum, p) => sum + (readStat(p)?.ticks ?? 0), 0) / CLOCK_TICKS,
    exited: () => exitedAt !== null,
    stop: async () => {
      running.delete(server);
      tree();
      signal('SIGTERM');
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        if (tree().length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      signal('SIGKILL');
    },
  };
  running.add(server);
  return server;
}

/** Stops every server still running (gracefully, then by force). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

/**
 * Whatever way this process ends, no server outlives it: Ctrl-C and SIGTERM stop them gracefully,
 * and a last synchronous pass at exit kills any that are left.
 */
export function stopServersOnExit(): void {
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(name, () => {
      console.error(`\n${name}: stopping the servers`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    for (const server of running) {
      for (const target of [-server.pid, ...server.tree()]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });
}
