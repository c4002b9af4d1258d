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
 * as services, references to services and routes that exist, and a route for each of the API's
 * requests (prefix matching, as Kong does).
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
  problems.push(...danglingReferences(config));
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

const list = (value: unknown): Mapping[] => (Array.isArray(value) ? value.filter(isMapping) : []);
/** A reference by name or id: a string (plugins) or {name} / {id} (top-level routes). */
const referenced = (ref: unknown): unknown => (isMapping(ref) ? (ref.name ?? ref.id) : ref);

/**
 * Top-level routes and plugins (and plugins nested in a service or route) whose service or route
 * is none of the file's. decK's validate reports a plugin's, but lets a top-level route whose
 * service does not exist through, and Kong would refuse the file at start.
 */
function danglingReferences(config: Mapping): string[] {
  const services = list(config.services);
  const routes = [...list(config.routes), ...services.flatMap((s) => list(s.routes))];
  const names = (entities: Mapping[]) => new Set(entities.flatMap((e) => [e.name, e.id]).filter((n) => n !== undefined));
  const known = { service: names(services), route: names(routes) };
  const plugins = [config, ...services, ...routes].flatMap((owner) => list(owner.plugins));
  const problems: string[] = [];
  for (const [entity, owners] of [['route', list(config.routes)], ['plugin', plugins]] as const) {
    for (const owner of owners) {
      for (const kind of ['service', 'route'] as const) {
        const ref = referenced(owner[kind]);
        if (ref !== undefined && !known[kind].has(ref)) problems.push(`${entity} ${String(owner.name)}: ${kind} "${String(ref)}" is not in the file`);
      }
    }
  }
  return problems;
}
