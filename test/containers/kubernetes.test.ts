import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../helpers/tmp.js';
import { manifestProblems, modelProblems } from '../helpers/checks/kubernetes.js';
import { matrix, type Project } from '../helpers/generate.js';
import { needTool, runValidator } from '../helpers/validators.js';
import { run } from '../helpers/run.js';

const projects = matrix().filter((p) => p.has('kubernetes'));
// The oldest and the newest release the strict validator knows: the manifests must suit both.
const KUBERNETES_VERSIONS = ['1.29.0', '1.37.0'];
const slug = (p: Project) => p.answers.name.replaceAll('_', '-');

/** `kustomize build k8s/` (what `kubectl kustomize` and `kubectl apply -k` run), or undefined when skipped. */
function kustomize(t: TestContext, dir: string) {
  const bin = needTool(t, 'kustomize');
  return bin ? run(bin, ['build', dir]) : undefined;
}

const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean);

/** kubernetes-validate --strict: the Kubernetes schemas with unknown fields rejected. */
function strictValidate(files: string[], version: string) {
  return runValidator('kubernetes-validate', ['--strict', '--quiet', '--kubernetes-version', version, ...files]);
}

describe('Kubernetes manifests', () => {
  for (const project of projects) {
    describe(project.title, () => {
      it('kustomize renders the whole set from the kustomization, which lists every manifest', (t) => {
        const listed = objectsOf(project.read('k8s/kustomization.yaml'))[0].resources.sort();
        const onDisk = readdirSync(join(project.dir, 'k8s')).filter((f) => f !== 'kustomization.yaml').sort();
        assert.deepEqual(listed, onDisk);
        const result = kustomize(t, join(project.dir, 'k8s'));
        if (result) assert.equal(result.status, 0, result.output);
      });

      it('every object is valid for kubernetes-models and for kubernetes-validate --strict', async (t) => {
        const result = kustomize(t, join(project.dir, 'k8s'));
        if (!result) return;
        assert.deepEqual(await modelProblems(objectsOf(result.output)), []);
        const file = join(tempDir(), 'all.yaml');
        writeFileSync(file, result.output);
        for (const version of KUBERNETES_VERSIONS) {
          const strict = strictValidate([file], version);
          assert.equal(strict.status, 0, `Kubernetes ${version}:\n${strict.output}`);
        }
      });

      it('references resolve, every container is hardened, the API is probed on its health routes', (t) => {
        const result = kustomize(t, join(project.dir, 'k8s'));
        if (result) assert.deepEqual(manifestProblems(objectsOf(result.output), slug(project)), []);
      });

      it('each service of the chosen components runs as a Deployment with a Service; the gateway alone reaches the API', (t) => {
        const result = kustomize(t, join(project.dir, 'k8s'));
        if (!result) return;
        const objects = objectsOf(result.output);
        // A headless Service (Prometheus' view of each API pod) runs nothing of its own.
        const names = (kind: string) => objects.filter((o) => o.kind === kind && o.spec?.clusterIP !== 'None').map((o) => o.metadata.name).sort();
        const expected = ['api', ...project.components.flatMap((c) => c.services ?? [])].sort();
        assert.deepEqual(names('Deployment'), expected);
        assert.deepEqual(names('Service'), expected);
        const api = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'api');
        const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'api-from-kong');
        if (project.has('kong')) {
          assert.equal(api.spec.type, 'ClusterIP');
          assert.deepEqual(policy.spec.podSelector.matchLabels, { 'app.kubernetes.io/name': 'api' });
          assert.deepEqual(policy.spec.ingress, [
            { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kong' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
          ]);
        } else {
          assert.equal(api.spec.type, 'NodePort');
          assert.equal(policy, undefined);
        }
        assert.deepEqual(names('HorizontalPodAutoscaler'), ['api']);
      });

      it('a NetworkPolicy guards every component (the API too, behind Kong), on ports its pods name', (t) => {
        const result = kustomize(t, join(project.dir, 'k8s'));
        if (!result) return;
        const objects = objectsOf(result.output);
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
        for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
          const name = deployment.metadata.name as string;
          const guarding = policies.filter((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name'] === name);
          // Without a gateway the API faces the network by design.
          if (name === 'api' && !project.has('kong')) continue;
          assert.ok(guarding.length > 0, `no NetworkPolicy selects ${name}`);
          const ports = new Set(deployment.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).flatMap((p: any) => [p.name, p.containerPort])));
          for (const policy of guarding) {
            for (const rule of policy.spec.ingress ?? []) for (const port of rule.ports ?? []) assert.ok(ports.has(port.port), `${policy.metadata.name}: ${port.port} is no port of ${name}`);
          }
        }
      });
    });
  }
});

describe('each Kubernetes check bites', () => {
  const project = projects.find((p) => p.has('kong')) ?? projects[0]!;
  const render = (t: TestContext) => kustomize(t, join(project.dir, 'k8s'));

  it('kustomize rejects a kustomization naming a missing manifest', (t) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const result = kustomize(t, dir);
    if (!result) return;
    assert.notEqual(result.status, 0);
    assert.match(result.output, /missing\.yaml/);
  });

  it('kubernetes-models rejects a wrong type', async (t) => {
    const result = render(t);
    if (!result) return;
    const objects = objectsOf(result.output);
    objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    assert.match((await modelProblems(objects)).join('\n'), /containerPort must be integer/);
  });

  it('kubernetes-validate --strict rejects a misspelt field that kubernetes-models lets through', async (t) => {
    const result = render(t);
    if (!result) return;
    const misspelt = result.output.replace('imagePullPolicy:', 'imagePullPolicyy:');
    assert.notEqual(misspelt, result.output);
    assert.deepEqual(await modelProblems(objectsOf(misspelt)), [], 'kubernetes-models does not see unknown fields');
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'all.yaml'), misspelt);
    const strict = strictValidate([join(dir, 'all.yaml')], KUBERNETES_VERSIONS[0]!);
    assert.notEqual(strict.status, 0);
    assert.match(strict.output, /imagePullPolicyy/);
  });

  it('the reference and hardening check rejects each kind of mistake', (t) => {
    const result = render(t);
    if (!result) return;
    const cases: [(objects: any[]) => void, RegExp][] = [
      [(o) => (o.find((x) => x.kind === 'Service').spec.selector = { 'app.kubernetes.io/name': 'apii' }), /selects no pods/],
      [(o) => (o.find((x) => x.kind === 'Service').spec.ports[0].targetPort = 'web'), /targetPort web is no container port/],
      [(o) => (o.find((x) => x.kind === 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'nothing'), /scales no Deployment/],
      [(o) => (o.find((x) => x.kind === 'NetworkPolicy').spec.ingress[0].from[0].podSelector.matchLabels = { app: 'x' }), /admits pods that do not exist/],
      [(o) => delete o.find((x) => x.kind === 'Deployment').spec.template.spec.securityContext, /pod not runAsNonRoot/],
      [(o) => (o.find((x) => x.metadata.name === 'api' && x.kind === 'Deployment').spec.template.spec.containers[0].readinessProbe.httpGet.path = '/'), /readinessProbe is not GET \/health\/ready/],
      [(o) => (o.find((x) => x.kind === 'Deployment').spec.replicas = 2), /sets replicas/],
      [(o) => (o.find((x) => x.kind === 'ConfigMap').metadata.namespace = 'default'), /not in namespace/],
    ];
    for (const [change, expected] of cases) {
      const objects = objectsOf(result.output);
      change(objects);
      assert.match(manifestProblems(objects, slug(project)).join('\n'), expected);
    }
  });
});
