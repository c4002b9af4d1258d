/**
 * End to end, as a user would: generate a project with `leo --preset`, install it into a fresh venv
 * from its own requirements, train, run its own tests, serve it with gunicorn (2 workers) on
 * loopback, and check the HTTP contract against the model's own predictions.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { type Socket, connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { projectNames } from '../../src/pipeline/index.js';
import { nameProblem } from '../../src/preset/name.js';
import { runLeo } from '../helpers/leo.js';
import { checkOpenInferenceProtocol, tritonClient } from '../helpers/oip.js';
import { type Server, type Venv, freePort, freshVenv, inVenv, startServer, topLevelImports } from '../helpers/python.js';
import { runAsync, waitFor } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
  [5.9, 3.0, 4.2, 1.5],
];
const MAX_BODY_BYTES = 4096;

const matrix = [
  { framework: 'flask', model: 'sklearn' },
  { framework: 'falcon', model: 'generic' },
  { framework: 'flask', model: 'generic' },
  { framework: 'falcon', model: 'sklearn' },
];

async function post(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { response, json: (await response.json()) as Record<string, any> };
}

function assertEnvelope(json: Record<string, any>, code: string | RegExp, requestId?: string) {
  assert.deepEqual(Object.keys(json), ['error']);
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'request_id']);
  assert.match(json.error.code, typeof code === 'string' ? new RegExp(`^${code}$`) : code);
  assert.ok(json.error.message.length > 0);
  if (requestId) assert.equal(json.error.request_id, requestId);
  assert.doesNotMatch(JSON.stringify(json), /Traceback|File "/);
}

/** Sends raw bytes on a new connection; resolves with everything the server wrote before closing it. */
function rawRequest(port: number, data: string | Buffer, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', (error) => (received ? resolve(received) : reject(error)));
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no end of response within ${timeoutMs} ms; got: ${received}`));
    });
  });
}

/** The status and JSON body of one raw HTTP/1.1 response. */
function parseResponse(raw: string): { status: number; headers: string; json: Record<string, any> } {
  const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  assert.match(head, /^HTTP\/1\.1 \d{3} /, raw);
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), json: JSON.parse(body) as Record<string, any> };
}

/** Uploads stalled half way: more than both workers admit (MAX_IN_FLIGHT, 64 each), as a body still
 * arriving costs a connection, never an admission slot. */
const STALLED = 200;

/** A client that sends its headers and part of a JSON body, then stalls. */
function stalledClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => {
      socket.write('POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"inputs"');
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * A wrk script cycling through valid and hostile requests, to both contracts (Leo's and the Open
 * Inference Protocol's); each thread counts the statuses it gets
 * and done() prints them as one JSON line.
 */
function mixedTrafficScript(name: string): string {
  const json = { 'Content-Type': 'application/json' };
  const infer = `/v2/models/${name}/infer`;
  const tensor = (fields: Record<string, unknown>) => JSON.stringify({ inputs: [{ name: 'inputs', datatype: 'FP64', shape: [ROWS.length, 4], data: ROWS, ...fields }] });
  const requests: [string, string, Record<string, string>, string][] = [
    ['POST', infer, {}, tensor({})],
    ['POST', infer, json, tensor({ shape: [1e30, 4] })],
    ['POST', infer, json, tensor({ datatype: 'INT8', data: [[1, 2, 3, 999]], shape: [1, 4] })],
    ['POST', infer, json, tensor({ data: [[[[[[1]]]]], 'x', null, {}] })],
    ['POST', infer, json, `{"inputs": [{"name": "inputs", "datatype": "FP64", "shape": [1, 4], "data": ${'['.repeat(1500)}${']'.repeat(1500)}}]}`],
    ['POST', infer, json, '{"inputs": [{"name": "inputs", "datatype": "FP64", "shape": [1, 4], "data": [1, 2, 3, 1e999]}]}'],
    ['POST', '/v2/models/nope/infer', json, tensor({})],
    ['GET', `/v2/models/${name}`, {}, ''],
    ['POST', '/predict', json, JSON.stringify({ inputs: ROWS })],
    ['POST', '/predict', json, '{"inputs": [[1,'],
    ['POST', '/predict', { 'Content-Type': 'text/plain' }, JSON.stringify({ inputs: ROWS })],
    ['POST', '/predict', json, `{"inputs": [[1${'0'.repeat(400)}, 1, 1, 1]]}`],
    ['POST', '/predict', json, JSON.stringify({ inputs: [[1e308, 1e308, 1e308, 1e308]] })],
    ['POST', '/predict', json, JSON.stringify({ inputs: [[3.5e38, 1, 1, 1]] })],
    ['POST', '/predict', json, JSON.stringify({ inputs: [[1, 2, 3, true]] })],
    ['POST', '/predict', json, JSON.stringify({ inputs: Array(2000).fill(ROWS[0]) })],
    ['POST', '/predict', json, `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['POST', '/predict', { ...json, 'X-Request-Timeout': 'soon' }, JSON.stringify({ inputs: ROWS })],
    ['POST', '/predict', { ...json, 'X-Request-ID': 'a b<script>' }, JSON.stringify({ inputs: ROWS })],
    ['GET', '/predict', {}, ''],
    ['GET', '/nowhere/../../etc/passwd', {}, ''],
    ['GET', '/health/ready', {}, ''],
    ['GET', '/metadata', {}, ''],
  ];
  const lua = (text: string) => JSON.stringify(text); // a JSON string is a valid Lua string literal here (ASCII, no \u)
  const entries = requests.map(([method, path, headers, body]) => {
    const headerTable = Object.entries(headers).map(([k, v]) => `[${lua(k)}] = ${lua(v)}`).join(', ');
    return `wrk.format(${lua(method)}, ${lua(path)}, {${headerTable}}, ${body ? lua(body) : 'nil'})`;
  });
  return `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  requests = { ${entries.join(',\n    ')} }
  index, counts = 0, {}
end
function request()
  index = index % #requests + 1
  return requests[index]
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do total[tostring(status)] = (total[tostring(status)] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(total) do table.insert(parts, string.format('"%s": %d', status, count)) end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\\n")
end
`;
}

const PREDICT_HEAD = 'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';

for (const { framework, model } of matrix) {
  const name = `${model}_${framework}_svc`;
  describe(`generated ${framework} + ${model} project`, { concurrency: false }, () => {
    const project = join(tempDir('leo-e2e-'), name);
    let venv: Venv;
    let client: Venv;
    let server: Server;

    before(() => {
      client = tritonClient();
      const home = join(project, '..');
      writeFileSync(join(home, 'preset.json'), JSON.stringify({ name, framework, model }));
      const generated = runLeo(['--preset', 'preset.json'], home);
      assert.equal(generated.status, 0, generated.stderr);
      venv = freshVenv(project, 'requirements-dev.txt');
    });
    after(async () => server?.stop());

    it('installs from its own requirements, trains, and passes its own tests', () => {
      const trained = inVenv(venv, project, 'python', [`${name}cli.py`, 'train']);
      assert.match(trained, /accuracy/i);
      const digest = readFileSync(join(project, 'models', 'model.pkl.sha256'), 'utf8');
      assert.match(digest, /^[0-9a-f]{64}\s/);
      const tests = spawnSync(venv.bin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project, encoding: 'utf8' });
      assert.equal(tests.status, 0, tests.stdout + tests.stderr);
      assert.match(tests.stdout, /\d+ passed/);
      assert.doesNotMatch(tests.stdout, /skipped|failed|error/);
    });

    it('refuses as a project name every module its environment can import, dependencies included', () => {
      const accepted = topLevelImports(venv.bin('python')).filter((module) => !nameProblem(module, catalog));
      assert.deepEqual(accepted, [], 'rerun scripts/python-imports.ts for the components that changed');
    });

    it('serves predictions equal to the model\'s own, under gunicorn with 2 workers', async () => {
      const port = await freePort();
      server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
        cwd: project,
        port,
        readyPath: '/health/ready',
        env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', MAX_BODY_BYTES: String(MAX_BODY_BYTES) },
      });
      const own = JSON.parse(
        inVenv(venv, project, 'python', [
          '-c',
          `import json, sys; from pathlib import Path; from ${name}.model import ${projectNames(name).className} as M\n` +
            'm = M(); m.load_model(Path("models/model.pkl")); print(json.dumps(m.predict(json.loads(sys.argv[1]))))',
          JSON.stringify(ROWS),
        ]),
      );
      const { response, json } = await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }));
      assert.equal(response.status, 200);
      assert.deepEqual(json.predictions, own);
      assert.equal(json.predictions.length, ROWS.length);
      // Many requests spread over both workers all agree.
      const many = await Promise.all(Array.from({ length: 20 }, () => post(`${server.url}/predict`, JSON.stringify({ inputs: [ROWS[1]] }))));
      for (const r of many) assert.deepEqual(r.json.predictions, [own[1]]);
    });

    it('answers health, metadata, OpenAPI and docs', async () => {
      const live = await fetch(`${server.url}/health/live`);
      assert.equal(live.status, 200);
      const ready = await fetch(`${server.url}/health/ready`);
      assert.equal(ready.status, 200);
      const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as Record<string, any>;
      assert.equal(metadata.type, model);
      assert.ok(metadata.name && metadata.version, JSON.stringify(metadata));
      assert.ok(Array.isArray(metadata.example_input) && metadata.example_input.length > 0, JSON.stringify(metadata));
      const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as Record<string, any>;
      assert.match(spec.openapi, /^3\./);
      for (const path of ['/predict', '/health/live', '/health/ready', '/metadata']) assert.ok(spec.paths[path], path);
      const docs = await fetch(`${server.url}/docs`);
      assert.equal(docs.status, 200);
      assert.match(docs.headers.get('content-type') ?? '', /text\/html/);
      assert.doesNotMatch(await docs.text(), /https?:\/\/(?!127\.0\.0\.1|localhost)/, 'the docs page loads nothing from the network');
    });

    it('answers the Open Inference Protocol to tritonclient and mlserver infer, bad requests refused with its errors', async () => {
      await checkOpenInferenceProtocol(client, server.url, ROWS);
    });

    it('renders the docs page offline in headless Chromium, listing /predict and the V2 routes', (t) => {
      if (!needCommand(t, 'chromium')) return;
      const profile = tempDir('leo-chromium-');
      const result = spawnSync(
        'chromium',
        [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom',
          `${server.url}/docs`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(result.status, 0, result.stderr);
      // The path appears in the DOM only once the page's script has fetched and rendered the spec.
      const rendered = result.stdout.replace(/<script[\s\S]*?<\/script>/g, '');
      assert.match(rendered, /\/predict/);
      assert.match(rendered, /\/health\/ready/);
      assert.match(rendered, new RegExp(`/v2/models/${name}/infer`));
    });

    it('gives every bad request its status and the JSON envelope, with the request id', async () => {
      const url = `${server.url}/predict`;
      const id = 'e2e-req-42';
      const json = { 'Content-Type': 'application/json', 'X-Request-ID': id };
      const cases: [string, string, Record<string, string>, number, string][] = [
        ['malformed JSON', '{"inputs": [1,', json, 400, 'malformed_json'],
        ['wrong content type', JSON.stringify({ inputs: ROWS }), { 'Content-Type': 'text/plain', 'X-Request-ID': id }, 415, 'unsupported_media_type'],
        ['body over the limit', JSON.stringify({ inputs: Array(400).fill(ROWS[0]) }), json, 413, 'payload_too_large'],
        ['empty inputs', JSON.stringify({ inputs: [] }), json, 422, 'invalid_input'],
        ['missing inputs', JSON.stringify({ rows: ROWS }), json, 422, 'invalid_input'],
        ['wrongly shaped row', JSON.stringify({ inputs: [[1, 2, 3]] }), json, 422, 'invalid_input'],
        ['wrong value type', JSON.stringify({ inputs: [[1, 2, 3, 'x']] }), json, 422, 'invalid_input'],
      ];
      for (const [title, body, headers, status, code] of cases) {
        const { response, json: payload } = await post(url, body, headers);
        assert.equal(response.status, status, `${title}: ${JSON.stringify(payload)}`);
        assert.equal(response.headers.get('x-request-id'), id, title);
        assert.match(response.headers.get('content-type') ?? '', /application\/json/, title);
        assertEnvelope(payload, code, id);
      }
      const missing = await fetch(`${server.url}/nope`);
      assert.equal(missing.status, 404);
      assertEnvelope((await missing.json()) as Record<string, any>, /not_found/);
      const wrongMethod = await fetch(`${server.url}/predict`);
      assert.equal(wrongMethod.status, 405);
      assertEnvelope((await wrongMethod.json()) as Record<string, any>, /method_not_allowed/);
    });

    it('answers what gunicorn itself refuses, and broken body framing, in the JSON envelope, never a 5xx', async () => {
      const port = Number(new URL(server.url).port);
      const cases: [string, string, number][] = [
        ['malformed chunk size', `${PREDICT_HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\n{"inputs"\r\n0\r\n\r\n`, 400],
        ['chunk without its terminator', `${PREDICT_HEAD}Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n`, 400],
        ['request line over the limit', `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
        ['header over the limit', `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431],
        ['control character in a header', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n', 400],
        ['invalid Content-Length', 'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
      ];
      for (const [title, request, status] of cases) {
        const response = parseResponse(await rawRequest(port, Buffer.from(request, 'latin1')));
        assert.equal(response.status, status, `${title}: ${JSON.stringify(response.json)}`);
        assert.match(response.headers, /content-type: application\/json/, title);
        assertEnvelope(response.json, /^bad_request$/);
        assert.match(response.headers, new RegExp(`x-request-id: ${response.json.error.request_id}`), title);
      }
      // Still serving.
      assert.equal((await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }))).response.status, 200);
    });

    it('answers HEAD on the health routes as GET, without a body', async () => {
      for (const path of ['/health/live', '/health/ready', '/metadata']) {
        const response = await fetch(`${server.url}${path}`, { method: 'HEAD' });
        assert.equal(response.status, 200, path);
        assert.equal(await response.text(), '');
      }
    });

    it('stays live with many stalled clients: health and predictions answer at once', async () => {
      const port = Number(new URL(server.url).port);
      // More stalled connections than 2 sync workers or their threads could ever hold, and than
      // both workers admit.
      const stalled = await Promise.all(Array.from({ length: STALLED }, () => stalledClient(port)));
      try {
        for (let round = 0; round < 5; round++) {
          const [live, liveMs] = await timed(() => fetch(`${server.url}/health/live`, { signal: AbortSignal.timeout(30_000) }));
          assert.equal(live.status, 200);
          assert.ok(liveMs < 2000, `/health/live took ${liveMs} ms with ${STALLED} stalled clients`);
          const [predicted, predictMs] = await timed(() => post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS })));
          assert.equal(predicted.response.status, 200);
          assert.ok(predictMs < 2000, `/predict took ${predictMs} ms with ${STALLED} stalled clients`);
        }
      } finally {
        for (const socket of stalled) socket.destroy();
      }
    });

    it('answers mixed valid and hostile traffic under wrk with no 5xx', async (t) => {
      if (!needCommand(t, 'wrk')) return;
      const script = join(project, '..', 'mixed.lua');
      writeFileSync(script, mixedTrafficScript(name));
      // Bounded: 5 s against loopback. Not spawnSync: this process must go on reading the server's
      // output, or the server blocks once the pipe is full (200 stalled uploads' log lines fill it).
      const result = await runAsync('wrk', ['-t2', '-c16', '-d5s', '-s', script, server.url]);
      assert.equal(result.status, 0, result.stderr);
      const statuses = JSON.parse(/STATUSES (\{.*\})/.exec(result.stdout)?.[1] ?? 'null') as Record<string, number>;
      assert.ok(statuses, result.stdout);
      const fivexx = Object.entries(statuses).filter(([status]) => Number(status) >= 500);
      assert.deepEqual(fivexx, [], result.stdout);
      // Every kind of answer came back (how many times depends on the machine's speed).
      for (const status of ['200', '400', '405', '404', '413', '415', '422']) assert.ok((statuses[status] ?? 0) > 0, `${status}: ${result.stdout}`);
      assert.doesNotMatch(result.stdout, /Socket errors/, 'no connection was dropped');
    });

    it('generates a request id when none (or an unusable one) is sent', async () => {
      const plain = await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }));
      assert.match(plain.response.headers.get('x-request-id') ?? '', /^[A-Za-z0-9._-]{8,128}$/);
      const hostile = await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }), { 'Content-Type': 'application/json', 'X-Request-ID': 'a b<script>' });
      assert.notEqual(hostile.response.headers.get('x-request-id'), 'a b<script>');
    });

    it('logs JSON lines on stdout carrying the request id', async () => {
      const id = 'e2e-log-7';
      await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }), { 'Content-Type': 'application/json', 'X-Request-ID': id });
      const logged = () => server.logs().split('\n').filter((l) => l.includes(id));
      await waitFor(() => logged().length > 0, `a log line with ${id}`);
      const lines = logged();
      for (const line of lines) assert.equal(JSON.parse(line).request_id, id);
      // Every line the server wrote so far, on stdout or stderr, after all the hostile traffic above.
      for (const line of server.logs().split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), line);
    });

    it('admits a bounded number of requests, answers deadlines with 504, and drains on SIGTERM', async () => {
      await server.stop();
      const port = await freePort();
      server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
        cwd: project,
        port,
        readyPath: '/health/ready',
        env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '1', MAX_IN_FLIGHT: '1', REQUEST_TIMEOUT: '20', BATCH_MAX_SIZE: '32', BATCH_MAX_WAIT_MS: '1000' },
      });
      const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as Record<string, any>;
      assert.equal(metadata.limits.max_in_flight_per_worker, 1);
      assert.equal(metadata.limits.request_timeout_seconds, 20);

      // A deadline that passes before the prediction: 504, at once.
      const late = await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }), { 'Content-Type': 'application/json', 'X-Request-Timeout': '0.000001' });
      assert.equal(late.response.status, 504);
      assertEnvelope(late.json, 'deadline_exceeded');

      // A body still arriving holds no slot, but a batch waits for it (BATCH_MAX_WAIT_MS): the request
      // in that batch holds the only slot meanwhile, and the next one is refused.
      const body = JSON.stringify({ inputs: ROWS });
      const socket = connect(port, '127.0.0.1');
      const held = { response: '', ended: new Promise((resolve) => socket.on('close', resolve)) };
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => (held.response += chunk));
      socket.write(`${PREDICT_HEAD}Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
      let refused: Awaited<ReturnType<typeof post>> | undefined;
      const until = Date.now() + 30_000;
      while (Date.now() < until && refused?.response.status !== 503) {
        const pair = await Promise.all([post(`${server.url}/predict`, body), post(`${server.url}/predict`, body)]);
        for (const { response } of pair) assert.ok([200, 503].includes(response.status), String(response.status));
        refused = pair.find((p) => p.response.status === 503);
      }
      assert.equal(refused?.response.status, 503, JSON.stringify(refused?.json));
      assertEnvelope(refused!.json, 'overloaded');
      assert.equal(refused!.response.headers.get('retry-after'), '1');
      assert.equal((await fetch(`${server.url}/health/live`)).status, 200, 'health is never refused');

      // SIGTERM, with no drain (DRAIN_SECONDS=0): the worker stops accepting but finishes the request it took.
      process.kill(server.pid, 'SIGTERM');
      const closing = Date.now() + 30_000;
      while (Date.now() < closing && (await fetch(`${server.url}/health/live`).then(() => true, () => false)));
      await assert.rejects(fetch(`${server.url}/health/live`), 'no new connections once stopping');
      socket.end(body.slice(10));
      await held.ended;
      assert.match(held.response, /^HTTP\/1\.1 200 /, held.response);
      assert.match(held.response, /"predictions":/);
    });

    it('refuses a model whose digest does not match', async () => {
      await server.stop();
      appendFileSync(join(project, 'models', 'model.pkl'), Buffer.from([0]));
      const port = await freePort();
      server = await startServer(venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${name}.wsgi:app`], {
        cwd: project,
        port,
        env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2' },
      });
      const ready = await fetch(`${server.url}/health/ready`);
      assert.equal(ready.status, 503);
      assert.match(JSON.stringify(await ready.json()), /digest/i);
      const { response, json } = await post(`${server.url}/predict`, JSON.stringify({ inputs: ROWS }));
      assert.equal(response.status, 503);
      assertEnvelope(json, /not_ready/);
    });

    it('is regenerated byte for byte from its answers file', () => {
      const copy = join(project, '..', 'regenerated');
      const result = runLeo(['--preset', join(project, 'leo.json'), '--out', copy], join(project, '..'));
      assert.equal(result.status, 0, result.stderr);
      const fresh = join(project, '..', 'fresh');
      assert.equal(runLeo(['--preset', 'preset.json', '--out', fresh], join(project, '..')).status, 0);
      const diff = spawnSync('diff', ['-r', fresh, copy], { encoding: 'utf8' });
      assert.equal(diff.status, 0, diff.stdout);
    });
  });
}
