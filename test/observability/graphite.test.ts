/**
 * Graphite against the generated service, for real: Debian's carbon-cache (graphite-carbon) with the
 * generated storage schemas, fed by a real statsd daemon (the npm package) with the generated
 * configuration, both on free loopback ports in a temporary folder; the service (gunicorn, 2
 * workers) sends its measurements to statsd, and the whisper files hold the expected counts. Every
 * series the Grafana dashboard asks Graphite for is among the files written.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../helpers/run.js';
import { freePort } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { eventually, listening, observedProject, startDaemon } from './project.js';

const REQUESTS = 23;
const ROW = [6.7, 3.0, 5.2, 2.3];
const statsdScript = join(dirname(createRequire(import.meta.url).resolve('statsd/package.json')), 'stats.js');

/** carbon.conf for one carbon-cache in `dir`, listening on loopback only; the schemas are the project's. */
function carbonConf(dir: string, ports: { line: number; pickle: number; query: number }): string {
  const settings = {
    STORAGE_DIR: join(dir, 'storage'),
    LOCAL_DATA_DIR: join(dir, 'storage', 'whisper'),
    WHITELISTS_DIR: join(dir, 'storage', 'lists'),
    LOG_DIR: join(dir, 'log'),
    PID_DIR: dir,
    ENABLE_LOGROTATION: 'False',
    MAX_CACHE_SIZE: 'inf',
    MAX_UPDATES_PER_SECOND: '10000',
    MAX_CREATES_PER_MINUTE: 'inf',
    LINE_RECEIVER_INTERFACE: '127.0.0.1',
    LINE_RECEIVER_PORT: ports.line,
    ENABLE_UDP_LISTENER: 'False',
    PICKLE_RECEIVER_INTERFACE: '127.0.0.1',
    PICKLE_RECEIVER_PORT: ports.pickle,
    CACHE_QUERY_INTERFACE: '127.0.0.1',
    CACHE_QUERY_PORT: ports.query,
    ENABLE_TAGS: 'False',
  };
  mkdirSync(join(dir, 'log'), { recursive: true });
  writeFileSync(join(dir, 'carbon.conf'), `[cache]\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
  return join(dir, 'carbon.conf');
}

/** Every whisper file under the data folder, as a Graphite series name. */
function seriesNames(whisper: string): string[] {
  return (readdirSync(whisper, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.wsp'))
    .map((f) => relative(whisper, join(whisper, f)).slice(0, -'.wsp'.length).replaceAll('/', '.'));
}

/** The sum of a whisper file's points (statsd writes one per flush), by python3-whisper's whisper-fetch. */
function total(whisper: string, series: string): number {
  const file = join(whisper, ...series.split('.')) + '.wsp';
  const result = run('whisper-fetch', ['--from', String(Math.floor(Date.now() / 1000) - 3600), file]);
  if (result.status !== 0) return NaN;
  return result.output
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/)[1])
    .filter((value) => value !== undefined && value !== 'None')
    .reduce((sum, value) => sum + Number(value), 0);
}

/** The series paths (with Graphite's * wildcards) of the dashboard's targets. */
function dashboardSeries(json: string): string[] {
  const dashboard = JSON.parse(json) as { panels: { targets: { target: string }[] }[] };
  return dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.target.match(/\bstats[\w.*-]*/g) ?? []));
}

const matches = (pattern: string, names: string[]) => {
  const regex = new RegExp(`^${pattern.split('.').map((part) => part.split('*').map((s) => s.replace(/[-]/g, '\\-')).join('[^.]*')).join('\\.')}$`);
  return names.some((name) => regex.test(name));
};

describe('Graphite, statsd and the generated service', { concurrency: false }, () => {
  const project = observedProject({ name: 'graphite_svc', framework: 'falcon', model: 'generic', monitoring: 'graphite' });
  const dir = tempDir('leo-graphite-');
  const whisper = join(dir, 'storage', 'whisper');
  const prefix = project.name;

  it('passes its own test suite, statsd measurements included', () => {
    const [status, output] = project.pytest();
    assert.equal(status, 0, output);
    assert.doesNotMatch(output, /skipped|failed|error/);
  });

  it(`carbon-cache holds exactly the ${REQUESTS} requests and their predictions, sent through a real statsd`, async (t) => {
    if (!needCommand(t, 'carbon-cache') || !needCommand(t, 'whisper-fetch')) return;
    const ports = { line: await freePort(), pickle: await freePort(), query: await freePort() };
    const conf = carbonConf(dir, ports);
    writeFileSync(join(dir, 'storage-schemas.conf'), project.read('graphite/storage-schemas.conf'));
    writeFileSync(join(dir, 'storage-aggregation.conf'), project.read('graphite/storage-aggregation.conf'));
    await startDaemon('carbon-cache', [`--config=${conf}`, '--nodaemon', `--pidfile=${join(dir, 'carbon.pid')}`, '--logfile=-', 'start'], () => listening(ports.line));

    // The generated statsd configuration, with its ports moved to free ones on loopback; its flush interval as generated.
    const udp = await freePort();
    const admin = await freePort();
    const generated = project.read('graphite/statsd.js');
    const config = generated
      .replace('port: 8125,', `port: ${udp}, address: "127.0.0.1", mgmt_port: ${admin}, mgmt_address: "127.0.0.1",`)
      .replace('graphitePort: 2003', `graphitePort: ${ports.line}`);
    assert.notEqual(config, generated);
    writeFileSync(join(dir, 'statsd.js'), config);
    const statsd = await startDaemon(process.execPath, [statsdScript, join(dir, 'statsd.js')], () => listening(admin));

    const api = await project.serve({ STATSD_HOST: '127.0.0.1', STATSD_PORT: String(udp) });
    const predict = (url: string) => fetch(`${url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: [ROW, ROW] }) });
    const answers = await Promise.all(Array.from({ length: REQUESTS }, () => predict(api.url)));
    assert.ok(answers.every((r) => r.status === 200));
    // A server error too, from a second service whose model is missing (503), for the dashboard's error rate.
    const broken = await project.serve({ STATSD_HOST: '127.0.0.1', STATSD_PORT: String(udp), MODEL_PATH: join(dir, 'missing.pkl') });
    assert.equal((await predict(broken.url)).status, 503);

    const counted = await eventually(() => total(whisper, `stats_counts.${prefix}.requests.predict.200`), (n) => n === REQUESTS, 45);
    assert.equal(counted, REQUESTS, statsd.logs());
    assert.equal(await eventually(() => total(whisper, `stats_counts.${prefix}.predictions`), (n) => n === 2 * REQUESTS, 15), 2 * REQUESTS);
    assert.equal(await eventually(() => total(whisper, `stats_counts.${prefix}.requests.predict.503`), (n) => n === 1, 15), 1);
    // Both workers' timings reached statsd, one per request.
    assert.equal(await eventually(() => total(whisper, `stats.timers.${prefix}.latency.predict.count`), (n) => n === REQUESTS + 1, 15), REQUESTS + 1);
    assert.ok(seriesNames(whisper).includes(`stats.gauges.${prefix}.model.load_seconds`));
  });

  it('every series the Grafana dashboard plots is in carbon, and a misspelt one is not', (t) => {
    if (!needCommand(t, 'carbon-cache')) return;
    const names = seriesNames(whisper);
    assert.ok(names.length > 0, 'run after the carbon test');
    const wanted = dashboardSeries(project.read('grafana/dashboards/api.json'));
    assert.ok(wanted.length >= 8, wanted.join('\n'));
    assert.deepEqual(wanted.filter((series) => !matches(series, names)), []);
    assert.equal(matches(`stats.timers.${prefix}.latency.predict.upper_999`, names), false);
    assert.equal(matches(`stats.${prefix}.prediction`, names), false);
  });
});
