/** wrk on loopback: one bounded run against one URL, and what it printed, parsed. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WrkResult {
  rps: number;
  requests: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  /** Non-2xx answers plus connect/read/write/timeout errors. */
  errors: number;
}

/** Latency in ms from wrk's "50%  1.23ms" style lines. */
function latency(text: string, label: string): number {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
  if (!match) throw new Error(`no ${label} line in wrk's output:\n${text}`);
  const value = Number(match[1]);
  return value * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
}

export function parseWrk(text: string): WrkResult {
  const requests = /^\s*(\d+) requests in /m.exec(text);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (!requests || !rps) throw new Error(`unexpected wrk output:\n${text}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { rps: Number(rps[1]), requests: Number(requests[1]), p50: latency(text, '50%'), p99: latency(text, '99%'), errors: non2xx + socketErrors };
}

/** A Lua script making wrk POST `body` as JSON; written once per body. */
export function postScript(dir: string, name: string, body: string): string {
  const script = join(dir, `${name}.lua`);
  // Lua long brackets: the JSON needs no escaping.
  writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[${body}]==]\n`);
  return script;
}

/**
 * One wrk run: one thread (the load generator takes at most one of the two cores; the servers get
 * the rest), `connections` kept-alive connections, a fixed duration. Asynchronous, so that Ctrl-C
 * is handled while it runs.
 */
export function wrk(url: string, script: string, connections: number, seconds: number): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency', '-s', script, url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (seconds + 30) * 1000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(parseWrk(stdout));
    });
  });
}
