import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The Compose Specification's schema, vendored in schemas/ (source and licence in its README). */
export function composeSchemaValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'compose-spec.json'), 'utf8'));
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The spec's own formats; their syntax is checked by docker-compose config.
  for (const format of ['duration', 'ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  const validate = ajv.compile(schema);
  return (document: unknown): string[] =>
    validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** A compose file's `ports:` entry as [host address, host port, protocol], for the short and long syntax. */
function published(entry: unknown): [string, string, string] | undefined {
  if (isMapping(entry)) {
    if (entry.published === undefined) return undefined;
    return [String(entry.host_ip ?? '0.0.0.0'), String(entry.published), String(entry.protocol ?? 'tcp')];
  }
  const [spec = '', protocol = 'tcp'] = String(entry).split('/');
  const parts = spec.split(':');
  if (parts.length < 2) return undefined; // container port only: nothing published
  const hostPort = parts[parts.length - 2]!;
  return [parts.length > 2 ? parts.slice(0, -2).join(':') : '0.0.0.0', hostPort, protocol];
}

/**
 * What the schema cannot see: references between services, volumes and networks, host ports
 * claimed twice, services without a health check or with a floating image tag, a `version:` key.
 */
export function composeProblems(document: unknown): string[] {
  if (!isMapping(document) || !isMapping(document.services)) return ['no services'];
  const problems: string[] = [];
  if ('version' in document) problems.push('obsolete top-level "version" key');
  const services = document.services;
  const volumes = isMapping(document.volumes) ? document.volumes : {};
  const networks = isMapping(document.networks) ? document.networks : {};
  const usedVolumes = new Set<string>();
  const usedNetworks = new Set<string>();
  const hostPorts = new Map<string, string>();

  for (const [name, service] of Object.entries(services)) {
    if (!isMapping(service)) {
      problems.push(`${name}: not a mapping`);
      continue;
    }
    if (!isMapping(service.healthcheck)) problems.push(`${name}: no healthcheck`);
    if (service.build === undefined) {
      const image = String(service.image ?? '');
      if (!/:[\w][\w.-]*$/.test(image) || image.endsWith(':latest')) problems.push(`${name}: image "${image}" is not pinned to a tag`);
    }
    const dependsOn = service.depends_on;
    const dependencies = Array.isArray(dependsOn) ? dependsOn.map((d) => [String(d), {}] as const) : Object.entries(isMapping(dependsOn) ? dependsOn : {});
    for (const [target, spec] of dependencies) {
      if (target === name) problems.push(`${name}: depends on itself`);
      else if (!(target in services)) problems.push(`${name}: depends on unknown service "${target}"`);
      else if (isMapping(spec) && spec.condition === 'service_healthy' && !isMapping((services[target] as Mapping).healthcheck)) {
        problems.push(`${name}: waits for "${target}" to be healthy, but it has no healthcheck`);
      }
    }
    for (const mount of Array.isArray(service.volumes) ? service.volumes : []) {
      const source = isMapping(mount) ? (mount.type === 'volume' ? String(mount.source ?? '') : '') : String(mount).split(':')[0]!;
      // Bind mounts start with . / or ~; anything else names a volume.
      if (source && !/^[./~]/.test(source) && !String(mount).startsWith('$')) {
        usedVolumes.add(source);
        if (!(source in volumes)) problems.push(`${name}: volume "${source}" is not declared under volumes`);
      }
    }
    const serviceNetworks = Array.isArray(service.networks) ? service.networks.map(String) : Object.keys(isMapping(service.networks) ? service.networks : {});
    for (const network of serviceNetworks) {
      usedNetworks.add(network);
      if (network !== 'default' && !(network in networks)) problems.push(`${name}: network "${network}" is not declared under networks`);
    }
    for (const entry of Array.isArray(service.ports) ? service.ports : []) {
      const port = published(entry);
      if (!port) continue;
      const [host, hostPort, protocol] = port;
      // Stricter than the kernel: one host port per project, whatever the address it is bound to.
      const key = `${hostPort}/${protocol}`;
      const owner = hostPorts.get(key);
      if (owner) problems.push(`${name}: host port ${key} (${host}) is already published by ${owner}`);
      hostPorts.set(key, name);
    }
  }
  for (const volume of Object.keys(volumes)) if (!usedVolumes.has(volume)) problems.push(`volume "${volume}" is declared but unused`);
  for (const network of Object.keys(networks)) if (!usedNetworks.has(network)) problems.push(`network "${network}" is declared but unused`);
  return problems;
}
