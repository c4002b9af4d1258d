/**
 * What the monitoring and logging files must agree on, beyond what their schemas say: each returns
 * the problems it finds, in words, so that a test shows them and a broken copy shows they bite.
 */
type Mapping = Record<string, any>;

/** Grafana: the dashboard's data sources are the provisioned one, by uid; no import placeholders. */
export function grafanaProblems(datasources: Mapping, dashboard: Mapping): string[] {
  const problems: string[] = [];
  const uids = new Set((datasources.datasources ?? []).map((d: Mapping) => d.uid));
  if (uids.size !== 1) problems.push(`provisions ${uids.size} data sources, not one`);
  if ('__inputs' in dashboard || JSON.stringify(dashboard).includes('${DS_')) problems.push('holds import placeholders (__inputs, ${DS_...})');
  if (!dashboard.uid || dashboard.uid.length > 40) problems.push(`dashboard uid "${dashboard.uid}" is missing or longer than 40 characters`);
  const ids = new Set<number>();
  for (const panel of dashboard.panels ?? []) {
    if (ids.has(panel.id)) problems.push(`panel id ${panel.id} twice`);
    ids.add(panel.id);
    for (const source of [panel.datasource, ...(panel.targets ?? []).map((t: Mapping) => t.datasource)]) {
      if (!uids.has(source?.uid)) problems.push(`panel "${panel.title}" uses data source uid "${source?.uid}", which is not provisioned`);
    }
    if (!(panel.targets ?? []).length) problems.push(`panel "${panel.title}" has no query`);
  }
  return problems;
}

/** statsd flushes once per the finest retention of every series it writes: no gap, no overwrite. */
export function retentionProblems(statsdConfig: string, schemas: string): string[] {
  const flush = /flushInterval:\s*(\d+)/.exec(statsdConfig);
  if (!flush) return ['statsd.js sets no flushInterval'];
  const seconds = Number(flush[1]) / 1000;
  const problems: string[] = [];
  const sections = [...schemas.matchAll(/^\[(.+)\]\s*\npattern\s*=\s*(.+)\s*\nretentions\s*=\s*(.+)$/gm)];
  for (const series of ['stats.x.requests', 'stats_counts.x.requests', 'stats.timers.x.latency', 'stats.gauges.x.requests.in_flight']) {
    const section = sections.find(([, , pattern]) => new RegExp(pattern!.trim()).test(series));
    if (!section) {
      problems.push(`no retention for ${series}`);
      continue;
    }
    const first = section[3]!.split(',')[0]!.split(':')[0]!.trim();
    const precision = /^(\d+)(s|m|h)?$/.exec(first);
    const value = precision ? Number(precision[1]) * { s: 1, m: 60, h: 3600 }[(precision[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
    if (value !== seconds) problems.push(`[${section[1]}] keeps a point every ${first}, statsd flushes every ${seconds}s`);
  }
  return problems;
}

const memory = (text: string) => {
  const match = /^(\d+(?:\.\d+)?)\s*(g|gi|m|mi)?b?$/i.exec(String(text));
  if (!match) return NaN;
  return Number(match[1]) * (/^g/i.test(match[2] ?? '') ? 1024 : 1);
};

/** One Elastic version for the three images; each JVM's heap at most half its container's memory. */
export function elkProblems(services: { name: string; image: string; memoryLimit: string; env: Record<string, string> }[]): string[] {
  const problems: string[] = [];
  const versions = new Set(services.map((s) => s.image.split(':').pop()));
  if (versions.size !== 1) problems.push(`Elasticsearch, Logstash and Kibana differ in version: ${[...versions].join(', ')}`);
  for (const service of services) {
    const options = service.env.ES_JAVA_OPTS ?? service.env.LS_JAVA_OPTS;
    if (options === undefined) continue;
    const xms = /-Xms(\d+[gm])/.exec(options)?.[1];
    const xmx = /-Xmx(\d+[gm])/.exec(options)?.[1];
    if (!xms || xms !== xmx) problems.push(`${service.name}: heap not fixed (-Xms equal to -Xmx): ${options}`);
    if (!(memory(xmx ?? '') * 2 <= memory(service.memoryLimit))) problems.push(`${service.name}: heap ${xmx} is more than half of ${service.memoryLimit}`);
  }
  const es = services.find((s) => s.name === 'elasticsearch');
  if (es?.env['discovery.type'] !== 'single-node') problems.push('elasticsearch is not a single node');
  return problems;
}

/** In GiB: what the ELK services may use together, from their limits. */
export function elkMemory(services: { memoryLimit: string }[]): number {
  return services.reduce((total, s) => total + memory(s.memoryLimit), 0) / 1024;
}
