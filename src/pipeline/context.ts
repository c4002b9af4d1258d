import type { Catalog, Port } from '../catalog/index.js';
import { imageReferences, requirementName } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { leoVersion } from '../paths.js';
import { projectNames } from './names.js';
import type { Plan } from './plan.js';
import type { Resolution } from './resolve.js';

export const PYTHON_VERSION = '3.11';

export interface PortRow extends Port {
  host: string;
  note: string;
  component: string;
  /** False when another component keeps the port off the host (Kong hides the API's). */
  published: boolean;
  /** The port as `docker run --publish` and compose's `ports:` spell it: [host:]port:port[/udp]. */
  publish: string;
}

/** Everything a template may read. Every key is always defined: Nunjucks throws on an undefined one. */
export function templateContext({ resolution, files, parts }: Plan, catalog: Catalog): Record<string, unknown> {
  const { answers, components } = resolution;
  const selected = new Set(components.map((c) => c.id));
  const framework = catalog.get(answers.framework);
  // The model's part is played by the chosen model type, or by a component that replaces it (Spark).
  const model = components.find((c) => c.category === 'model' || c.replaces === 'model')!;
  const names = projectNames(answers.name);
  const ports = portRows(resolution);
  return {
    name: names.name,
    class_name: names.className,
    slug: names.slug,
    image: names.image,
    leo_version: leoVersion,
    python_version: PYTHON_VERSION,
    answers,
    framework: framework.id,
    framework_label: framework.label,
    model: model.id,
    model_label: model.label,
    model_file: model.modelFile ?? 'model.pkl',
    batch_max_size: model.batchMaxSize ?? 1,
    has: Object.fromEntries(catalog.components.map((c) => [c.id, selected.has(c.id)])),
    components: components.map(({ id, label, category, explanation }) => ({ id, label, category, explanation })),
    requirements: mergeRequirements(components.flatMap((c) => c.python ?? [])),
    training_requirements: mergeRequirements(components.flatMap((c) => c.trainingPython ?? [])),
    /** Every project path, so that a template can list the others (the kustomization lists k8s/). */
    files: files.map((f) => f.path),
    /** parts('compose-services'): the templates other components contribute to a slot, for {% include %}. */
    parts: (slot: string) => parts.get(slot) ?? [],
    api_memory_mi: Math.max(...components.map((c) => c.apiMemoryMi ?? 0)),
    api_env: mergeEnvironment(components.map((c) => c.environment ?? {})),
    debian_packages: [...new Set(components.flatMap((c) => c.debianPackages ?? []))].sort(),
    image_env: mergeEnvironment(components.map((c) => c.imageEnvironment ?? {})),
    ports,
    /** port('kibana'): a selected component's port by its catalog name. */
    port: (name: string) => {
      const row = ports.find((p) => p.name === name);
      if (!row) throw new LeoError(`no selected component has a port named "${name}"`);
      return row;
    },
    /** images.kibana: a selected component's container image, `name:tag`. */
    images: imageReferences(components),
  };
}

export function portRows(resolution: Resolution): PortRow[] {
  const hidden = new Set(resolution.components.flatMap((c) => c.unpublishes ?? []));
  return resolution.components.flatMap((c) =>
    (c.ports ?? []).map((port) => ({
      ...port,
      // Defined even when empty: templates read them under throwOnUndefined.
      host: port.host ?? '',
      note: port.note ?? '',
      component: c.id,
      published: !hidden.has(port.port),
      publish: `${port.host ? `${port.host}:` : ''}${port.port}:${port.port}${port.protocol === 'udp' ? '/udp' : ''}`,
    })),
  );
}

/** The API container's variables, sorted by name; two values for one variable are a catalog bug. */
export function mergeEnvironment(sets: Record<string, string>[]): { name: string; value: string }[] {
  const merged = new Map<string, string>();
  for (const [name, value] of sets.flatMap((set) => Object.entries(set))) {
    const previous = merged.get(name);
    if (previous !== undefined && previous !== value) throw new LeoError(`conflicting environment: ${name}=${previous} and ${name}=${value}`);
    merged.set(name, value);
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value }));
}

/** One line per package, sorted by name; two different pins of one package are a catalog bug. */
export function mergeRequirements(lines: string[]): string[] {
  const byName = new Map<string, string>();
  for (const line of lines) {
    const name = requirementName(line);
    const previous = byName.get(name);
    if (previous && previous !== line) throw new LeoError(`conflicting requirements: ${previous} and ${line}`);
    byName.set(name, line);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, line]) => line);
}
