/**
 * The metric names that PromQL expressions read, by Prometheus' own parser (Prometheus 3's
 * /api/v1/parse_query), and the names a /metrics page exposes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { parse } from 'yaml';
import { freePort } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';
import { startDaemon } from './project.js';
import { prometheusTools } from './tools.js';

/** Every PromQL expression of a Grafana dashboard, with Grafana's own variables given a value. */
export function dashboardExpressions(json: string): string[] {
  const dashboard = JSON.parse(json) as { panels: { targets: { expr: string }[] }[] };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll('$__rate_interval', '5m')));
}

export function alertExpressions(yaml: string): string[] {
  return parse(yaml).groups.flatMap((g: { rules: { expr: string }[] }) => g.rules.map((r) => r.expr));
}

/** The metric names the expressions select, parsed by a Prometheus 3 server started for the purpose. */
export async function metricNames(t: TestContext, expressions: string[]): Promise<Set<string> | undefined> {
  const tools = prometheusTools(t, 3);
  if (!tools) return undefined;
  const dir = tempDir();
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startDaemon(
    tools.prometheus,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    async () => (await fetch(`${url}/-/ready`)).ok,
  );
  const names = new Set<string>();
  for (const expr of expressions) {
    const answer = (await (await fetch(`${url}/api/v1/parse_query?query=${encodeURIComponent(expr)}`)).json()) as { status: string; data: unknown; error?: string };
    if (answer.status !== 'success') throw new Error(`Prometheus cannot parse ${expr}: ${answer.error}`);
    collectSelectors(answer.data, names);
  }
  await server.stop();
  return names;
}

function collectSelectors(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectSelectors(item, names);
  else if (node && typeof node === 'object') {
    const { type, name } = node as { type?: string; name?: string };
    if ((type === 'vectorSelector' || type === 'matrixSelector') && name) names.add(name);
    for (const value of Object.values(node)) collectSelectors(value, names);
  }
}

/** The sample names of a /metrics page in the text format: http_requests_total, ..._bucket, ... */
export function scrapedNames(text: string): Set<string> {
  return new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)![0]));
}

/** The names an expression needs that the scrape lacks; `up` is Prometheus' own, per target. */
export function missingMetrics(needed: Set<string>, scraped: Set<string>): string[] {
  return [...needed].filter((name) => name !== 'up' && !scraped.has(name)).sort();
}
