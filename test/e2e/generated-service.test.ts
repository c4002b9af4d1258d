/**
 * End to end, as a user would: generate a project with `leo --preset`, install it into a fresh venv
 * from its own requirements, train, run its own tests, serve it with gunicorn (2 workers) on
 * loopback, and check the HTTP contract against the model's own predictions.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectNames } from '../../src/pipeline/index.js';
import { runLeo } from '../helpers/leo.js';
import { type Server, type Venv, freePort, freshVenv, inVenv, startServer, waitUntil } from '../helpers/python.js';
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

for (const { framework, model } of matrix) {
  const name = `${model}_${framework}_svc`;
  describe(`generated ${framework} + ${model} project`, { concurrency: false }, () => {
    const project = join(tempDir('leo-e2e-'), name);
    let venv: Venv;
    let server: Server;

    before(() => {
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

    it('renders the docs page offline in headless Chromium, listing /predict', (t) => {
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
      await waitUntil(() => logged().length > 0, `a log line with ${id}`);
      const lines = logged();
      for (const line of lines) assert.equal(JSON.parse(line).request_id, id);
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
