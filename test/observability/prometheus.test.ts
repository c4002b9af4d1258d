/**
 * Prometheus against the generated service, for real: Debian's Prometheus 2 and Prometheus 3 (built
 * from the Go module proxy by .ci/run) each scrape the service under gunicorn with 2 workers on
 * loopback, with the generated prometheus.yml and alert rules, and report exactly the requests
 * sent. promtool of both versions checks the configuration (compose's and Kubernetes') and unit-tests
 * the alert rules; every metric the dashboard and the rules name is in a live scrape, for both frameworks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { run } from '../helpers/run.js';
import { freePort } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { alertExpressions, dashboardExpressions, metricNames, missingMetrics, scrapedNames } from './promql.js';
import { eventually, type Observed, observedProject, startDaemon } from './project.js';
import { prometheusTools } from './tools.js';

const REQUESTS = 37;
const ROW = [5.1, 3.5, 1.4, 0.2];

/** The generated prometheus.yml, pointed at the service on loopback and scraping every second. */
function scrapeConfig(project: Observed, target: string, dir: string): string {
  const config = parse(project.read('prometheus/prometheus.yml'));
  config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
  assert.deepEqual(config.scrape_configs[0].static_configs, [{ targets: ['api:8080'] }]);
  config.scrape_configs[0].static_configs = [{ targets: [target] }];
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  writeFileSync(join(dir, 'alerts.yml'), project.read('prometheus/alerts.yml'));
  return join(dir, 'prometheus.yml');
}

/** The Prometheus configuration that Kubernetes gets, from the ConfigMap in k8s/prometheus.yaml. */
function kubernetesConfig(project: Observed): string {
  const configMap = parseAllDocuments(project.read('k8s/prometheus.yaml'))
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'ConfigMap');
  const dir = tempDir();
  for (const [file, text] of Object.entries(configMap.data as Record<string, string>)) writeFileSync(join(dir, file), text);
  return join(dir, 'prometheus.yml');
}

async function query(url: string, expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data.result;
}

const predict = (url: string) =>
  fetch(`${url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: [ROW] }) });

for (const framework of ['flask', 'falcon']) {
  describe(`Prometheus and the generated ${framework} service`, { concurrency: false }, () => {
    const project = observedProject({ name: `prom_${framework}`, framework, model: 'generic', monitoring: 'prometheus', logging: 'elk', kubernetes: true });
    // One metrics folder for the service's runs: each start must empty it.
    const metricsDir = mkdtempSync(join(tempDir(), 'metrics-'));

    it('passes its own test suite, /metrics and log shipping included', () => {
      const [status, output] = project.pytest();
      assert.equal(status, 0, output);
      assert.match(output, /\d+ passed/);
      assert.doesNotMatch(output, /skipped|failed|error/);
    });

    for (const version of [2, 3] as const) {
      it(`Prometheus ${version} scrapes it under 2 workers and counts exactly the ${REQUESTS} requests sent`, async (t) => {
        const tools = prometheusTools(t, version);
        if (!tools) return;
        const api = await project.serve({ PROMETHEUS_MULTIPROC_DIR: metricsDir });
        // A fresh start: nothing counted yet, whatever the folder held from the run before.
        assert.doesNotMatch(await (await fetch(`${api.url}/metrics`)).text(), /route="\/predict"/);

        const dir = tempDir();
        const port = await freePort();
        const config = scrapeConfig(project, api.url.replace('http://', ''), dir);
        const url = `http://127.0.0.1:${port}`;
        // The flags the containers run it with, on a temporary folder and a loopback port.
        const flags = (parse(project.read('docker-compose.yml')).services.prometheus.command as string[]).map((flag) =>
          flag.replace(/^--config\.file=.*/, `--config.file=${config}`).replace(/^--storage\.tsdb\.path=.*/, `--storage.tsdb.path=${join(dir, 'data')}`),
        );
        assert.ok(flags.includes('--storage.tsdb.retention.time=15d'), flags.join(' '));
        await startDaemon(tools.prometheus, [...flags, `--web.listen-address=127.0.0.1:${port}`], async () => (await fetch(`${url}/-/ready`)).ok);

        const answers = await Promise.all(Array.from({ length: REQUESTS }, () => predict(api.url)));
        assert.ok(answers.every((r) => r.status === 200));
        const pids = new Set(api.logs().split('\n').filter((l) => l.includes('"POST /predict 200"')).map((l) => JSON.parse(l).pid));
        assert.equal(pids.size, 2, 'both workers answered: the count adds up two processes');

        const counted = await eventually(
          () => query(url, 'sum(http_requests_total{job="api", route="/predict", status="200"})'),
          (result) => result[0]?.value[1] === String(REQUESTS),
          30,
        );
        assert.equal(counted[0]?.value[1], String(REQUESTS));
        assert.equal((await query(url, 'sum(model_predictions_total{job="api"})'))[0]?.value[1], String(REQUESTS));
        assert.equal((await query(url, 'up{job="api"}'))[0]?.value[1], '1');
        // Every request has ended but the scrape that reads the gauge.
        assert.equal((await query(url, 'sum(http_requests_in_flight{job="api"})'))[0]?.value[1], '1');
        const info = await query(url, 'model_info{job="api"}');
        assert.deepEqual([info.length, info[0]?.metric.name, info[0]?.metric.type], [1, `prom_${framework}`, 'generic']);

        // Every alert rule loads and evaluates without error.
        const rules = await eventually(
          async () => ((await (await fetch(`${url}/api/v1/rules`)).json()) as any).data.groups.flatMap((g: any) => g.rules),
          (list: any[]) => list.length === 3 && list.every((r) => r.health === 'ok'),
          15,
        );
        assert.deepEqual(rules.map((r: any) => [r.name, r.health]).sort(), [['ApiHighErrorRate', 'ok'], ['ApiHighLatencyP99', 'ok'], ['ApiTargetDown', 'ok']]);
        await api.stop();
      });
    }

    it('serves every metric the Grafana dashboard and the alert rules name, in a live scrape', async (t) => {
      const api = await project.serve();
      await predict(api.url);
      const scraped = scrapedNames(await (await fetch(`${api.url}/metrics`)).text());
      const expressions = [...dashboardExpressions(project.read('grafana/dashboards/api.json')), ...alertExpressions(project.read('prometheus/alerts.yml'))];
      const named = await metricNames(t, expressions);
      if (!named) return;
      assert.deepEqual(
        [...named].sort(),
        ['http_request_duration_seconds_bucket', 'http_requests_in_flight', 'http_requests_total', 'model_info', 'model_load_seconds', 'model_predictions_total', 'up'],
      );
      assert.deepEqual(missingMetrics(named, scraped), []);

      // Bites: one letter off in a dashboard's query, and the check names the metric.
      const misspelt = project.read('grafana/dashboards/api.json').replace('model_predictions_total', 'model_prediction_total');
      const wrong = await metricNames(t, dashboardExpressions(misspelt));
      assert.deepEqual(missingMetrics(wrong!, scraped), ['model_prediction_total']);
      await api.stop();
    });
  });
}

describe('promtool', () => {
  const project = observedProject({ name: 'prom_tool', framework: 'flask', model: 'generic', monitoring: 'prometheus', kubernetes: true, gateway: 'kong' });
  const compose = join(project.dir, 'prometheus', 'prometheus.yml');

  for (const version of [2, 3] as const) {
    it(`${version}: checks the configuration and rules of compose and of Kubernetes`, (t) => {
      const tools = prometheusTools(t, version);
      if (!tools) return;
      for (const config of [compose, kubernetesConfig(project)]) {
        const result = run(tools.promtool, ['check', 'config', config]);
        assert.equal(result.status, 0, result.output);
        assert.match(result.output, /SUCCESS: 3 rules found/);
      }
    });

    it(`${version}: the alert rules fire when they should, and not before`, (t) => {
      const tools = prometheusTools(t, version);
      if (!tools) return;
      const result = run(tools.promtool, ['test', 'rules', writeRuleTests(project)]);
      assert.equal(result.status, 0, result.output);
    });
  }

  it('3: is the version of the image that compose and Kubernetes run', (t) => {
    const tools = prometheusTools(t, 3);
    if (!tools) return;
    assert.equal(parse(project.read('docker-compose.yml')).services.prometheus.image, `prom/prometheus:v${tools.version}`);
  });

  it('bites: promtool rejects a misspelt field and a broken rule', (t) => {
    const tools = prometheusTools(t, 2);
    if (!tools) return;
    const dir = tempDir();
    writeFileSync(join(dir, 'prometheus.yml'), project.read('prometheus/prometheus.yml').replace('scrape_interval', 'scrape_intervall'));
    writeFileSync(join(dir, 'alerts.yml'), project.read('prometheus/alerts.yml'));
    assert.match(run(tools.promtool, ['check', 'config', join(dir, 'prometheus.yml')]).output, /scrape_intervall/);
    writeFileSync(join(dir, 'alerts.yml'), project.read('prometheus/alerts.yml').replace('== 0 or', '== 0 orr'));
    const broken = run(tools.promtool, ['check', 'rules', join(dir, 'alerts.yml')]);
    assert.notEqual(broken.status, 0);
  });
});

/** promtool's rule unit tests: series that should make each alert fire, and the moments it must not yet. */
function writeRuleTests(project: Observed): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'alerts.yml'), project.read('prometheus/alerts.yml'));
  const tests = {
    rule_files: ['alerts.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: [
          // 10% of requests fail with a 500.
          { series: 'http_requests_total{job="api", route="/predict", status="200"}', values: '0+90x30' },
          { series: 'http_requests_total{job="api", route="/predict", status="500"}', values: '0+10x30' },
          // 99 of 100 requests take between 1 and 2.5 s.
          { series: 'http_request_duration_seconds_bucket{job="api", route="/predict", le="1.0"}', values: '0+1x30' },
          { series: 'http_request_duration_seconds_bucket{job="api", route="/predict", le="2.5"}', values: '0+100x30' },
          { series: 'http_request_duration_seconds_bucket{job="api", route="/predict", le="+Inf"}', values: '0+100x30' },
          // The target answers for 10 minutes, then no more.
          { series: 'up{job="api", instance="api:8080"}', values: '1x10 0x20' },
        ],
        alert_rule_test: [
          { eval_time: '4m', alertname: 'ApiHighErrorRate', exp_alerts: [] },
          { eval_time: '10m', alertname: 'ApiHighErrorRate', exp_alerts: [{ exp_labels: { severity: 'critical' }, exp_annotations: annotations(project, 'ApiHighErrorRate', { value: '10%' }) }] },
          { eval_time: '8m', alertname: 'ApiHighLatencyP99', exp_alerts: [] },
          { eval_time: '20m', alertname: 'ApiHighLatencyP99', exp_alerts: [{ exp_labels: { severity: 'warning' }, exp_annotations: annotations(project, 'ApiHighLatencyP99', { value: '2.485s' }) }] },
          { eval_time: '10m', alertname: 'ApiTargetDown', exp_alerts: [] },
          { eval_time: '12m', alertname: 'ApiTargetDown', exp_alerts: [{ exp_labels: { severity: 'critical', job: 'api', instance: 'api:8080' }, exp_annotations: annotations(project, 'ApiTargetDown', { instance: 'api:8080' }) }] },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'tests.yml'), stringify(tests));
  return join(dir, 'tests.yml');
}

/** A rule's annotations with its template fields filled in as Prometheus would. */
function annotations(project: Observed, alert: string, values: { value?: string; instance?: string }): Record<string, string> {
  const rule = parse(project.read('prometheus/alerts.yml')).groups[0].rules.find((r: { alert: string }) => r.alert === alert);
  return Object.fromEntries(
    Object.entries(rule.annotations as Record<string, string>).map(([key, text]) => [
      key,
      text.replace(/\{\{ \$value \| humanize\w+ \}\}/, values.value ?? '').replace('{{ $labels.instance }}', values.instance ?? ''),
    ]),
  );
}

