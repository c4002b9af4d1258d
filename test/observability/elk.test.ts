/**
 * Log shipping from the generated service (gunicorn, 2 workers) to a TCP listener standing in for
 * Logstash on loopback: one JSON line per request with its request id, route, status and latency;
 * with the listener gone, requests succeed no slower than the stated bounds and stdout says so; once
 * it is back, shipping resumes and the lines queued meanwhile arrive.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/python.js';
import { eventually, observedProject } from './project.js';

const ROW = [5.9, 3.0, 4.2, 1.5];
const TIMED = 200;
// The bound for a request while Logstash is down, against the same requests while it is up, in the
// time the service itself took (its access lines' duration_ms): the client's own time, node's fetch
// and event loop, is several times the service's on a busy machine, and its noise would be measured
// instead. The median no more than 1 ms slower, the 95th percentile no more than 5 ms.
const MEDIAN_BOUND_MS = 1;
const P95_BOUND_MS = 5;
/** On a busy machine two runs of the same requests differ by more than the bounds: half again is noise. */
const NOISE = 0.5;
// The access line is written after its duration is taken: the client's time covers it. Bound far
// above a busy machine's noise and far below what a response held by Logstash would take (a
// connection attempt gives up after 5 s).
const CLIENT_P95_BOUND_MS = 250;

/** A TCP server standing in for Logstash: the JSON lines it receives. */
class Listener {
  lines: Record<string, any>[] = [];
  private server?: Server;
  private sockets = new Set<Socket>();

  constructor(readonly port: number) {}

  start(): Promise<void> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        this.lines.push(...lines.map((line) => JSON.parse(line)));
      });
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Logstash goes away: the port refuses connections and open ones are cut. */
  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  access(id: string) {
    return this.lines.filter((line) => line.request_id === id && String(line.logger).endsWith('.access'));
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

/** The client's time for each request `prefix`-i, one after another. */
async function timedRequests(url: string, prefix: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-ID': `${prefix}-${i}` },
      body: JSON.stringify({ inputs: [ROW] }),
    });
    await response.arrayBuffer();
    times.push(performance.now() - started);
    assert.equal(response.status, 200);
  }
  return times;
}

/** The service's own time for the requests `prefix`-i, from the access lines on its stdout so far. */
function durations(logs: string, prefix: string): number[] {
  return logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((line) => String(line.logger).endsWith('.access') && String(line.request_id).startsWith(`${prefix}-`))
    .map((line) => line.duration_ms);
}

describe('log shipping to a Logstash stand-in', { concurrency: false }, () => {
  // The same project as the Prometheus tests use (same venv): ELK with Prometheus.
  const project = observedProject({ name: 'prom_flask', framework: 'flask', model: 'generic', monitoring: 'prometheus', logging: 'elk', kubernetes: true });
  let listener: Listener;
  let api: Awaited<ReturnType<typeof project.serve>>;
  let clientUp: number[];

  it('receives one JSON line per request, with its request id, route, status and latency', async () => {
    listener = new Listener(await freePort());
    await listener.start();
    api = await project.serve({ LOGSTASH_HOST: '127.0.0.1', LOGSTASH_PORT: String(listener.port) });
    clientUp = await timedRequests(api.url, 'up');
    const missing = await eventually(
      () => Array.from({ length: TIMED }, (_, i) => `up-${i}`).filter((id) => listener.access(id).length === 0),
      (ids) => ids.length === 0,
      15,
    );
    assert.deepEqual(missing, []);
    for (let i = 0; i < TIMED; i++) {
      const lines = listener.access(`up-${i}`);
      assert.equal(lines.length, 1, `up-${i}`);
      const line = lines[0]!;
      assert.deepEqual([line.route, line.status, line.path, line.method], ['/predict', 200, '/predict', 'POST']);
      assert.ok(typeof line.duration_ms === 'number' && line.duration_ms > 0);
    }
    // Both workers ship, each its own start-up lines too.
    assert.equal(new Set(listener.lines.map((l) => l.pid)).size, 2);
    assert.equal(listener.lines.filter((l) => l.message === 'model ready').length, 2);
  });

  it(`with Logstash down, requests succeed within ${MEDIAN_BOUND_MS} ms (median) and ${P95_BOUND_MS} ms (p95) of the service's time with it up (or half of it, on a busy machine), no response is held, and stdout says so`, async () => {
    await listener.stop();
    const clientDown = await timedRequests(api.url, 'down');
    const [up, down] = await eventually(
      () => [durations(api.logs(), 'up'), durations(api.logs(), 'down')],
      (times) => times.every((t) => t.length === TIMED),
      15,
    );
    assert.deepEqual([up!.length, down!.length], [TIMED, TIMED], 'an access line on stdout for each request');
    const [upMedian, downMedian] = [percentile(up, 0.5), percentile(down, 0.5)];
    const [upP95, downP95] = [percentile(up, 0.95), percentile(down, 0.95)];
    const figures = `median ${upMedian.toFixed(2)} -> ${downMedian.toFixed(2)} ms, p95 ${upP95.toFixed(2)} -> ${downP95.toFixed(2)} ms`;
    const [clientUpP95, clientDownP95] = [percentile(clientUp, 0.95), percentile(clientDown, 0.95)];
    const clientFigures = `client's p95 ${clientUpP95.toFixed(2)} -> ${clientDownP95.toFixed(2)} ms`;
    console.log(`with Logstash up -> down: the service's time: ${figures}; ${clientFigures}`);
    assert.ok(downMedian <= upMedian + Math.max(MEDIAN_BOUND_MS, NOISE * upMedian), figures);
    assert.ok(downP95 <= upP95 + Math.max(P95_BOUND_MS, NOISE * upP95), figures);
    assert.ok(clientDownP95 <= clientUpP95 + CLIENT_P95_BOUND_MS, clientFigures);
    // Said once by each worker that had a line to ship (a worker that served no request may not know yet).
    const warnings = api.logs().split('\n').filter((line) => line.includes('cannot ship logs to Logstash'));
    const pids = warnings.map((line) => JSON.parse(line).pid);
    assert.ok(pids.length >= 1 && pids.length === new Set(pids).size, warnings.join('\n'));
    assert.equal(JSON.parse(warnings[0]!).level, 'WARNING');
  });

  it('when Logstash is back, shipping resumes with the lines queued meanwhile', async () => {
    await listener.start();
    const missing = await eventually(
      () => Array.from({ length: TIMED }, (_, i) => `down-${i}`).filter((id) => listener.access(id).length === 0),
      (ids) => ids.length === 0,
      45,
    );
    assert.deepEqual(missing, []);
    assert.match(api.logs(), /shipping logs to Logstash at 127\.0\.0\.1:\d+ again/);
    await listener.stop();
  });
});
