type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The requests the API must receive through Kong, with their paths unchanged. */
export const API_REQUESTS: [method: string, path: string][] = [
  ['POST', '/predict'],
  ['GET', '/health/live'],
  ['GET', '/health/ready'],
  ['GET', '/metadata'],
  ['GET', '/openapi.json'],
  ['GET', '/docs'],
  // The Open Inference Protocol's (any model name).
  ['GET', '/v2'],
  ['GET', '/v2/health/ready'],
  ['GET', '/v2/models/iris'],
  ['POST', '/v2/models/iris/infer'],
];

/**
 * Structural checks of a Kong declarative configuration: the format version, an explicit
 * strip_path on every route (false: the API expects its full paths), upstream hosts that exist
 * as services, and a route for each of the API's requests (prefix matching, as Kong does).
 */
export function kongProblems(config: unknown, knownHosts: Set<string>): string[] {
  if (!isMapping(config)) return ['not a mapping'];
  const problems: string[] = [];
  if (config._format_version !== '3.0') problems.push(`_format_version is ${JSON.stringify(config._format_version)}, not "3.0"`);
  const routes: Mapping[] = [];
  for (const service of Array.isArray(config.services) ? config.services : []) {
    if (!isMapping(service)) continue;
    const host = typeof service.url === 'string' && URL.canParse(service.url) ? new URL(service.url).hostname : service.host;
    if (typeof host !== 'string' || !knownHosts.has(host)) problems.push(`service ${String(service.name)}: upstream host "${String(host)}" is no service`);
    for (const route of Array.isArray(service.routes) ? service.routes : []) {
      if (!isMapping(route)) continue;
      routes.push(route);
      if (route.strip_path !== false) {
        problems.push(`route ${String(route.name)}: strip_path is ${JSON.stringify(route.strip_path)}; the API needs its paths unchanged (false)`);
      }
    }
  }
  for (const [method, path] of API_REQUESTS) {
    const served = routes.some(
      (r) =>
        (!Array.isArray(r.methods) || r.methods.includes(method)) &&
        Array.isArray(r.paths) &&
        r.paths.some((p) => typeof p === 'string' && path.startsWith(p)),
    );
    if (!served) problems.push(`no route for ${method} ${path}`);
  }
  return problems;
}
