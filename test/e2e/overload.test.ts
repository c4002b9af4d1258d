/**
 * A generated service under overload and shutdown, with real sockets and real signals against
 * gunicorn on loopback: SIGTERM while clients keep sending loses no request, and thousands of clients
 * trickling their headers (slowloris) neither outlast a deadline nor keep others out. Every load is
 * bounded (a client count and the server's own end), and every wait is on a condition.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runLeo } from '../helpers/leo.js';
import { checkHealthWhilePredicting } from '../helpers/load.js';
import { waitFor } from '../helpers/run.js';
import { type Venv, freePort, freshVenv, inVenv, startServer } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

const BODY = JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] });
const PREDICT = `POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;

type Outcome = 'answered' | 'refused' | 'lost';

/** One request on a new connection: answered (a whole response came), refused (the port took no
 * connection: the client may send it elsewhere), or lost (taken, then closed or reset unanswered). */
function exchange(port: number, request: string): Promise<{ outcome: Outcome; response: string }> {
  return new Promise((resolve) => {
    let response = '';
    let refused = false;
    // Written at once, not on 'connect': a connection reset before this process noticed it was made
    // would look like a refusal.
    const socket = connect(port, '127.0.0.1');
    socket.write(request);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      response += chunk;
      const head = response.indexOf('\r\n\r\n');
      const length = Number(/content-length: *(\d+)/i.exec(response)?.[1] ?? NaN);
      if (head >= 0 && response.length >= head + 4 + length) socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (refused = error.code === 'ECONNREFUSED'));
    socket.on('close', () => {
      const complete = /^HTTP\/1\.1 \d{3} /.test(response) && response.endsWith('}');
      resolve({ outcome: complete ? 'answered' : refused ? 'refused' : 'lost', response });
    });
  });
}

describe('a generated service under overload and shutdown', { concurrency: false }, () => {
  const name = 'overload_svc';
  const project = join(tempDir('leo-overload-'), name);
  let venv: Venv;

  before(() => {
    const home = join(project, '..');
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework: 'flask', model: 'sklearn' }));
    const generated = runLeo(['--preset', 'preset.json'], home);
    assert.equal(generated.status, 0, generated.stderr);
    venv = freshVenv(project, 'requirements-dev.txt');
    inVenv(venv, project, 'python', [`${name}cli.py`, 'train']);
  });

  async function serve(env: Record<string, string>) {
    const port = await freePort();
    const server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
      cwd: project,
      port,
      readyPath: '/health/ready',
      env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'WARNING', ...env },
    });
    return { server, port };
  }

  it('loses no request on SIGTERM under load: not ready while it drains, every connection it took answered', async (t) => {
    const CLIENTS = 32;
    for (let run = 1; run <= 2; run++) {
      const { server, port } = await serve({ WEB_CONCURRENCY: '2', DRAIN_SECONDS: '2' });
      const counts: Record<Outcome, number> = { answered: 0, refused: 0, lost: 0 };
      const lost: string[] = [];
      let signalled = false;
      let closedAfterSignal = 0;
      // Each client sends on new connections until one is refused: the server has closed its port.
      const client = async () => {
        for (;;) {
          const { outcome, response } = await exchange(port, PREDICT);
          counts[outcome]++;
          if (outcome === 'lost') lost.push(response);
          if (outcome === 'answered' && signalled && /^connection: close/im.test(response)) closedAfterSignal++;
          if (outcome === 'refused') return;
        }
      };
      const readiness: string[] = [];
      const poller = async () => {
        for (;;) {
          const { outcome, response } = await exchange(port, 'GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n');
          if (outcome !== 'answered') return;
          readiness.push(response);
        }
      };
      const clients = Array.from({ length: CLIENTS }, client);
      // Under way: every client has had an answer before the signal.
      while (counts.answered < CLIENTS * 2) await new Promise((resolve) => setTimeout(resolve, 20));
      const polling = poller();
      process.kill(server.pid, 'SIGTERM');
      signalled = true;
      await Promise.all([...clients, polling]);
      await server.stop();
      t.diagnostic(`run ${run}: ${JSON.stringify(counts)}, ${closedAfterSignal} answers closing their connection while draining`);
      assert.deepEqual(lost, [], `requests lost on SIGTERM: ${JSON.stringify(counts)}`);
      assert.equal(counts.refused, CLIENTS);
      const draining = readiness.find((r) => r.startsWith('HTTP/1.1 503'));
      assert.ok(draining, `/health/ready never said it was shutting down: ${readiness.slice(-1)}`);
      assert.match(draining, /"code":"not_ready".*shutting down/);
      assert.ok(closedAfterSignal > 0, 'predictions were answered while draining, each closing its connection');
    }
  });

  it('keeps serving when one worker is retired alone (SIGTTOU): only a stopping server drains', async () => {
    const { server, port } = await serve({ WEB_CONCURRENCY: '2', DRAIN_SECONDS: '1' });
    const workers = () => spawnSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    try {
      await waitFor(() => workers().length === 2, 'two workers');
      process.kill(server.pid, 'SIGTTOU');
      await waitFor(() => workers().length === 1, 'the retired worker gone');
      for (let i = 0; i < 5; i++) {
        const { outcome, response } = await exchange(port, 'GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.equal(outcome, 'answered');
        assert.match(response, /^HTTP\/1\.1 200 /);
      }
    } finally {
      await server.stop();
    }
  });

  it('bounds slow clients: a head that trickles ends at its deadline, the slowest are shed, health answers', async (t) => {
    // Connections per worker, as gunicorn.conf.py sets them, and the room the worker keeps (worker.py).
    const PER_WORKER = 1000;
    const ROOM = 50;
    const SLOW = 2000;
    const { server, port } = await serve({ WEB_CONCURRENCY: '2', REQUEST_TIMEOUT: '20' });
    const slow = Array.from({ length: SLOW }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n');
      return socket;
    });
    let closed = 0;
    for (const socket of slow) socket.on('close', () => closed++);
    // A header line a second: the trickle never stops on its own.
    const trickle = setInterval(() => slow.forEach((socket) => socket.writable && socket.write('X-Slow: 1\r\n')), 1000);
    try {
      await waitFor(() => slow.every((socket) => !socket.connecting), 'the slow clients connected');
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const live = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(30_000) });
        times.push(Math.round(performance.now() - started));
        assert.equal(live.status, 200);
      }
      t.diagnostic(`/health/live with ${SLOW} slow connections: ${times.join(', ')} ms; ${closed} shed meanwhile`);
      assert.ok(Math.max(...times) < 2000, `/health/live took ${Math.max(...times)} ms with ${SLOW} slow connections`);
      // Both workers full but for their room: the rest were shed, oldest first, well before their deadline.
      assert.ok(closed >= SLOW - 2 * (PER_WORKER - ROOM), `${closed} slow connections shed`);
      // Within their deadline (REQUEST_TIMEOUT), well before the keep-alive time (75 s) that let them stay.
      await waitFor(() => closed === SLOW, () => `the slow heads' deadline: ${closed} of ${SLOW} closed`, 50_000);
    } finally {
      clearInterval(trickle);
      for (const socket of slow) socket.destroy();
      await server.stop();
    }
  });

  it('keeps /health/live answering while 8 clients have it predict 1,000 rows each', async (t) => {
    const { server } = await serve({ WEB_CONCURRENCY: '2' });
    try {
      await checkHealthWhilePredicting(t, server.url);
    } finally {
      await server.stop();
    }
  });
});
