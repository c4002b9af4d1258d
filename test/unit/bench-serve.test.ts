import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readStat, startProcess } from '../../bench/serve/processes.js';
import { parseWrk } from '../../bench/serve/wrk.js';
import { python } from '../helpers/python.js';
import { waitFor } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';

const WRK_OUTPUT = `Running 5s test @ http://127.0.0.1:40123/predict
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.12ms   12.30ms 301.00ms   90.00%
    Req/Sec     1.60k   100.00     1.80k    70.00%
  Latency Distribution
     50%   38.50ms
     75%   44.00ms
     90%   50.00ms
     99%    1.25s
  8000 requests in 5.01s, 2.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   1596.81
Transfer/sec:    408.00KB
`;

describe('bench/serve: wrk output', () => {
  it('reads throughput, request count, percentiles in ms whatever their unit, and every kind of error', () => {
    assert.deepEqual(parseWrk(WRK_OUTPUT), { rps: 1596.81, requests: 8000, p50: 38.5, p99: 1250, errors: 9 });
  });

  it('refuses output without the figures rather than reading zeros', () => {
    assert.throws(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused\n'), /unexpected wrk output/);
  });
});

/**
 * A server-like tree: the root forks a worker that leaves the process group and the session (as
 * BentoML's workers do), which burns CPU, writes its pid, and then waits forever.
 */
const TREE = `
import os, sys, time
pid = os.fork()
if pid == 0:
    os.setsid()
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    while True:
        time.sleep(60)
while True:
    time.sleep(60)
`;

describe('bench/serve: server process trees', () => {
  it('follows a worker that left the process group, charges its CPU time, and stops it', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'worker.pid');
    const server = startProcess(python, ['-c', TREE, pidFile], { cwd: dir, env: {}, logFile: join(dir, 'tree.log') });
    try {
      await waitFor(() => existsSync(pidFile), 'the worker to write its pid');
      const worker = Number(readFileSync(pidFile, 'utf8'));
      assert.notEqual(worker, server.pid);
      assert.ok(server.tree().includes(worker), `worker ${worker} not in the tree ${server.tree()}`);
      assert.ok(server.cpuSeconds() >= 0.25, `the worker's 0.3 s of CPU not charged: ${server.cpuSeconds()} s`);
      await server.stop();
      assert.equal(readStat(worker), undefined, 'the worker outlived stop()');
      assert.equal(readStat(server.pid), undefined, 'the root outlived stop()');
    } finally {
      await server.stop();
    }
  });
});
