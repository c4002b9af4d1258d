/**
 * The service's JSON log lines in a real OpenSearch (the Elasticsearch API), indexed as the generated
 * Logstash pipeline would index them, under the index template the ELK component writes: every line
 * is accepted, and the fields users search have the types their searches need (a term query finds
 * one request id, ranges work on status and duration, model_version is exact). Logstash itself
 * cannot run here: what it does to a line is read from the generated pipeline, and the test fails
 * if the pipeline does more than that.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, observedProject } from './project.js';
import { openSearch, type Request } from './opensearch.js';

const ROW = [5.9, 3.0, 4.2, 1.5];
const REQUESTS = 5;

interface Pipeline {
  /** The index, with Logstash's %{+YYYY.MM.dd} (the event's @timestamp, in UTC). */
  index: string;
  templateName: string;
}

/** What the test knows how to reproduce of the pipeline: json_lines in, the date filter on timestamp, one elasticsearch output. */
function pipeline(conf: string): Pipeline {
  const lines = conf.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
  assert.match(lines, /^input \{\s*tcp \{\s*port => \d+\s*codec => json_lines\s*\}\s*\}$/m);
  assert.match(lines, /^filter \{\s*date \{\s*match => \["timestamp", "ISO8601"\]\s*\}\s*\}$/m);
  const setting = (name: string) => new RegExp(`^\\s*${name} => "([^"]+)"$`, 'm').exec(lines)?.[1];
  const [index, templateName] = [setting('index'), setting('template_name')];
  assert.ok(index && templateName && /template_api => "composable"/.test(lines), lines);
  return { index, templateName };
}

/** A log line as Logstash indexes it: its fields, @timestamp from its own time, @version; and the index it goes to. */
function indexed(line: Record<string, unknown>, pipe: Pipeline): { index: string; document: Record<string, unknown> } {
  const timestamp = new Date(line.timestamp as string);
  assert.ok(!Number.isNaN(timestamp.getTime()), `an ISO 8601 timestamp: ${line.timestamp}`);
  const day = timestamp.toISOString().slice(0, 10).replaceAll('-', '.');
  return { index: pipe.index.replace('%{+YYYY.MM.dd}', day), document: { ...line, '@timestamp': timestamp.toISOString(), '@version': '1' } };
}

async function bulk(search: Request, documents: { index: string; document: Record<string, unknown> }[]) {
  const body = documents.flatMap(({ index, document }) => [JSON.stringify({ index: { _index: index } }), JSON.stringify(document)]).join('\n') + '\n';
  const result = await search('POST', '/_bulk?refresh=true', body);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body as { errors: boolean; items: { index: { status: number; error?: { type: string; reason: string } } }[] };
}

const hits = async (search: Request, index: string, query: unknown) => {
  const result = await search('POST', `/${index}/_search?size=100`, { query });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body.hits.hits.map((h: { _source: Record<string, unknown> }) => h._source) as Record<string, any>[];
};

describe('the service log lines in OpenSearch, with the generated index template', { concurrency: false }, () => {
  // The same project (and venv) as the other observability tests with ELK.
  const project = observedProject({ name: 'prom_flask', framework: 'flask', model: 'generic', monitoring: 'prometheus', logging: 'elk', kubernetes: true });
  const pipe = pipeline(project.read('elk/logstash.conf'));
  const template = JSON.parse(project.read('elk/index-template.json'));
  let search: Request | undefined;
  let stop: (() => Promise<void>) | undefined;
  after(() => stop?.());
  let lines: Record<string, any>[] = [];

  it('takes every line the service wrote, into the index the pipeline names, which the template matches', async (t) => {
    const node = await openSearch(t);
    if (!node) return;
    ({ request: search, stop } = node);
    const api = await project.serve();
    const post = (id: string, body: string) => fetch(`${api.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-ID': id }, body });
    for (let i = 0; i < REQUESTS; i++) assert.equal((await post(`req-${i}`, JSON.stringify({ inputs: [ROW] }))).status, 200);
    assert.equal((await post('req-malformed', '{')).status, 400);
    assert.equal((await fetch(`${api.url}/nowhere`, { headers: { 'X-Request-ID': 'req-missing' } })).status, 404);
    const ids = [...Array.from({ length: REQUESTS }, (_, i) => `req-${i}`), 'req-malformed', 'req-missing'];
    const logged = (found: Record<string, any>[]) => ids.filter((id) => found.some((l) => l.request_id === id && String(l.logger).endsWith('.access')));
    // Each of the 2 workers says when its model is ready, the line that carries model_version.
    const ready = (found: Record<string, any>[]) => found.filter((l) => l.model_version).length;
    lines = await eventually(
      () => api.logs().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)),
      (found) => logged(found).length === ids.length && ready(found) === 2,
      15,
    );
    assert.deepEqual([logged(lines), ready(lines)], [ids, 2], 'an access line for each request, a ready line for each worker');

    assert.deepEqual((await search('PUT', `/_index_template/${pipe.templateName}`, template)).body, { acknowledged: true });
    const documents = lines.map((line) => indexed(line, pipe));
    const result = await bulk(search, documents);
    assert.deepEqual(result.items.filter((i) => i.index.status !== 201), []);
    const index = documents[0]!.index;
    const settings = (await search('GET', `/${index}/_settings`)).body[index].settings.index;
    assert.equal(settings.number_of_replicas, '0', 'the template applied: one node keeps the index green');
    assert.equal((await search('GET', `/_cluster/health/${index}`)).body.status, 'green');
  });

  it('maps the fields users search with the types their searches need', async (t) => {
    if (!search) return t.skip('no OpenSearch');
    const index = pipe.index.replace('%{+YYYY.MM.dd}', '*');
    const mappings = Object.values((await search('GET', `/${index}/_mapping`)).body) as { mappings: { properties: Record<string, { type: string }> } }[];
    const types = (field: string) => new Set(mappings.map((m) => m.mappings.properties[field]?.type));
    for (const [field, type] of Object.entries({ request_id: 'keyword', route: 'keyword', status: 'short', duration_ms: 'float', model_version: 'keyword', '@timestamp': 'date', message: 'text' })) {
      assert.deepEqual(types(field), new Set([type]), field);
    }

    const one = await hits(search, index, { term: { request_id: 'req-3' } });
    assert.deepEqual(one.filter((d) => d.logger.endsWith('.access')).map((d) => [d.route, d.status]), [['/predict', 200]]);
    const predictions = await hits(search, index, { bool: { filter: [{ term: { route: '/predict' } }, { term: { status: 200 } }] } });
    assert.equal(predictions.length, REQUESTS);
    const errors = await hits(search, index, { range: { status: { gte: 400, lt: 500 } } });
    assert.deepEqual(errors.map((d) => d.request_id).sort(), ['req-malformed', 'req-missing']);
    const slowest = Math.max(...lines.filter((l) => l.duration_ms !== undefined).map((l) => l.duration_ms));
    assert.equal((await hits(search, index, { range: { duration_ms: { gte: slowest } } })).length, 1);
    assert.equal((await hits(search, index, { range: { duration_ms: { gt: slowest } } })).length, 0);
    const version = lines.find((l) => l.model_version)!.model_version;
    const ready = await hits(search, index, { term: { model_version: version } });
    assert.deepEqual(ready.map((d) => d.message), ['model ready', 'model ready'], 'one line of each worker');
    const lastHour = await hits(search, index, { range: { '@timestamp': { gte: 'now-1h' } } });
    assert.equal(lastHour.length, lines.length);
  });

  it('bites: without the template a request id is not found, and with it a duration that is no number is refused', async (t) => {
    if (!search) return t.skip('no OpenSearch');
    // Elasticsearch's guesses: an index no template matches.
    const guessed = lines.map((line) => ({ ...indexed(line, pipe), index: 'guessed-logs' }));
    assert.equal((await bulk(search, guessed)).errors, false);
    assert.deepEqual(await hits(search, 'guessed-logs', { term: { request_id: 'req-3' } }), [], 'request_id guessed as text: split into words');
    const [line] = lines.filter((l) => l.request_id === 'req-3');
    const refused = await bulk(search, [indexed({ ...line, duration_ms: 'slow' }, pipe)]);
    assert.equal(refused.items[0]!.index.error?.type, 'mapper_parsing_exception');
  });
});
