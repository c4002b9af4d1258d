type Mapping = Record<string, any>;

/** Validates each object against the Kubernetes OpenAPI schemas that kubernetes-models ships (types, required fields, enums). */
export async function modelProblems(objects: Mapping[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    let models: Record<string, new (data: unknown) => { validate(): void }>;
    try {
      models = await import(`kubernetes-models/${object.apiVersion}`);
    } catch {
      problems.push(`${where}: unknown apiVersion ${object.apiVersion}`);
      continue;
    }
    const Model = models[object.kind];
    if (!Model) {
      problems.push(`${where}: unknown kind in ${object.apiVersion}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems;
}

const labelsMatch = (selector: Mapping | undefined, labels: Mapping | undefined) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/**
 * The references and the hardening that schemas cannot see, over the objects `kustomize build`
 * renders: every namespaced object in the project's namespace; Services, autoscalers and network
 * policies that point at pods or Deployments that exist, on ports those pods name; every
 * container non-root on a read-only filesystem with resources; the API probed on its health routes.
 */
export function manifestProblems(objects: Mapping[], namespace: string): string[] {
  const problems: string[] = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const podLabels = deployments.map((d) => d.spec?.template?.metadata?.labels ?? {});
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata?.name}`;
    if (o.kind !== 'Namespace' && o.metadata?.namespace !== namespace) problems.push(`${where}: not in namespace ${namespace}`);
    if (o.kind === 'Namespace' && o.metadata?.name !== namespace) problems.push(`${where}: not the project's namespace ${namespace}`);
  }
  if (!objects.some((o) => o.kind === 'Namespace')) problems.push(`no Namespace ${namespace}`);

  for (const d of deployments) {
    const where = `Deployment/${d.metadata?.name}`;
    const pod = d.spec?.template?.spec ?? {};
    if (!labelsMatch(d.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels)) problems.push(`${where}: selector does not match its pod labels`);
    // An image that cannot run otherwise (graphite-statsd's runit) says why in this annotation:
    // it may run as root on a writable filesystem; every other rule still holds.
    const root = Boolean(d.spec?.template?.metadata?.annotations?.['leo.dev/runs-as-root']);
    if (!root && pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod not runAsNonRoot`);
    const volumes = new Set((pod.volumes ?? []).map((v: Mapping) => v.name));
    for (const c of pod.containers ?? []) {
      const at = `${where} container ${c.name}`;
      if (!root && c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem not read-only`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
      if (!c.resources?.requests || !c.resources?.limits) problems.push(`${at}: no resource requests and limits`);
      if (!/:[\w][\w.-]*$/.test(c.image ?? '')) problems.push(`${at}: image "${c.image}" has no tag`);
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) problems.push(`${at}: mounts unknown volume ${m.name}`);
      const ports = new Set((c.ports ?? []).flatMap((p: Mapping) => [p.name, p.containerPort]));
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const port = c[probe]?.httpGet?.port;
        if (port !== undefined && !ports.has(port)) problems.push(`${at}: ${probe} on port ${port}, which the container does not declare`);
      }
      if (d.metadata?.name === 'api') {
        const paths = { startupProbe: '/health/live', readinessProbe: '/health/ready', livenessProbe: '/health/live' };
        for (const [probe, path] of Object.entries(paths)) {
          if (c[probe]?.httpGet?.path !== path) problems.push(`${at}: ${probe} is not GET ${path}`);
        }
        if (!c.volumeMounts?.some((m: Mapping) => m.mountPath === '/tmp')) problems.push(`${at}: no writable /tmp`);
      }
    }
  }
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const where = `Service/${s.metadata?.name}`;
    const index = podLabels.findIndex((labels) => labelsMatch(s.spec?.selector, labels));
    if (index < 0) {
      problems.push(`${where}: selects no pods`);
      continue;
    }
    const containers = deployments[index]!.spec.template.spec.containers as Mapping[];
    const named = new Set(containers.flatMap((c) => (c.ports ?? []).flatMap((p: Mapping) => [p.name, p.containerPort])));
    for (const p of s.spec?.ports ?? []) if (!named.has(p.targetPort ?? p.port)) problems.push(`${where}: targetPort ${p.targetPort} is no container port`);
  }
  for (const h of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const target = h.spec?.scaleTargetRef;
    const d = deployments.find((x) => x.metadata?.name === target?.name);
    if (target?.kind !== 'Deployment' || !d) problems.push(`HorizontalPodAutoscaler/${h.metadata?.name}: scales no Deployment`);
    else if (d.spec?.replicas !== undefined) problems.push(`Deployment/${d.metadata.name}: sets replicas, which every apply would reset under its autoscaler`);
  }
  for (const n of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const where = `NetworkPolicy/${n.metadata?.name}`;
    if (!podLabels.some((labels) => labelsMatch(n.spec?.podSelector?.matchLabels, labels))) problems.push(`${where}: applies to no pods`);
    for (const rule of n.spec?.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        if (peer.podSelector && !podLabels.some((labels) => labelsMatch(peer.podSelector.matchLabels, labels))) problems.push(`${where}: admits pods that do not exist`);
      }
    }
  }
  return problems;
}
