/**
 * The compose services and Kubernetes manifests of Prometheus, Graphite, Grafana and ELK, through
 * the containers' validators (kustomize, kubernetes-validate --strict, kubernetes-models, the
 * reference and hardening check, the Compose schema, docker-compose config, yamllint), and what
 * their files must agree on: the dashboard and its data source, statsd's flush and carbon's
 * retention, one Elastic version with heaps that fit, Kubernetes' copies of the same files.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { composeProblems, composeSchemaValidator } from '../helpers/checks/compose.js';
import { manifestProblems, modelProblems } from '../helpers/checks/kubernetes.js';
import { generate, type Project } from '../helpers/generate.js';
import { needTool, runValidator } from '../helpers/validators.js';
import { run } from '../helpers/run.js';
import { repoRoot } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand } from '../helpers/tools.js';
import { elkMemory, elkProblems, grafanaProblems, retentionProblems } from './checks.js';

const projects = [
  { name: 'obs_prometheus', framework: 'flask', monitoring: 'prometheus', logging: 'elk', gateway: 'kong', kubernetes: true },
  { name: 'obs_graphite', framework: 'falcon', monitoring: 'graphite', kubernetes: true },
].map((preset) => generate(validatePreset(preset, catalog, 'test preset')));

const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean);
const kustomize = (t: TestContext, project: Project) => {
  const bin = needTool(t, 'kustomize');
  return bin ? run(bin, ['build', join(project.dir, 'k8s')]) : undefined;
};
const configMap = (project: Project, file: string, name: string) =>
  objectsOf(project.read(file)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === name).data as Record<string, string>;
const deployment = (objects: any[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);

/** The ELK services as compose runs them, and as Kubernetes does. */
function elkServices(project: Project) {
  const compose = parse(project.read('docker-compose.yml')).services;
  const objects = objectsOf(project.read('k8s/elk.yaml'));
  const names = ['elasticsearch', 'logstash', 'kibana'];
  return {
    compose: names.map((name) => ({ name, image: compose[name].image, memoryLimit: compose[name].mem_limit, env: compose[name].environment })),
    kubernetes: names.map((name) => {
      const container = deployment(objects, name).spec.template.spec.containers[0];
      const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
      return { name, image: container.image, memoryLimit: container.resources.limits.memory, env };
    }),
  };
}

describe('observability manifests', () => {
  const schemaProblems = composeSchemaValidator();

  for (const project of projects) {
    describe(project.title, () => {
      it('Kubernetes: kustomize, kubernetes-models, kubernetes-validate --strict and the hardening check pass', async (t) => {
        const rendered = kustomize(t, project);
        if (!rendered) return;
        assert.equal(rendered.status, 0, rendered.output);
        const objects = objectsOf(rendered.output);
        assert.deepEqual(await modelProblems(objects), []);
        assert.deepEqual(manifestProblems(objects, project.answers.name.replaceAll('_', '-')), []);
        const file = join(tempDir(), 'all.yaml');
        writeFileSync(file, rendered.output);
        for (const version of ['1.29.0', '1.37.0']) {
          const strict = runValidator('kubernetes-validate', ['--strict', '--quiet', '--kubernetes-version', version, file]);
          assert.equal(strict.status, 0, `Kubernetes ${version}:\n${strict.output}`);
        }
        const deployments = objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort();
        assert.deepEqual(deployments, ['api', ...project.components.flatMap((c) => c.services ?? [])].sort());
      });

      it('compose: the Compose schema, references, health checks, pinned images and docker-compose config', (t) => {
        const compose = parse(project.read('docker-compose.yml'));
        assert.deepEqual(schemaProblems(compose), []);
        assert.deepEqual(composeProblems(compose), []);
        assert.deepEqual(Object.keys(compose.services).sort(), ['api', ...project.components.flatMap((c) => c.services ?? [])].sort());
        if (!needCommand(t, 'docker-compose')) return;
        const result = run('docker-compose', ['--file', 'docker-compose.yml', 'config', '--quiet'], { cwd: project.dir });
        assert.equal(result.status, 0, result.output);
      });

      it('yamllint passes every YAML file', (t) => {
        if (!needCommand(t, 'yamllint')) return;
        const files = project.files.filter((f) => /\.ya?ml$/.test(f)).map((f) => join(project.dir, f));
        const result = run('yamllint', ['--strict', '--config-file', join(repoRoot, 'test', 'containers', 'yamllint.yml'), ...files]);
        assert.equal(result.status, 0, result.output);
      });

      it('Grafana: the dashboard uses the provisioned data source, from the folder Grafana is given, alike in both', () => {
        const datasources = parse(project.read('grafana/provisioning/datasources/datasource.yml'));
        const dashboard = JSON.parse(project.read('grafana/dashboards/api.json'));
        assert.deepEqual(grafanaProblems(datasources, dashboard), []);
        assert.equal(datasources.datasources[0].type, project.has('prometheus') ? 'prometheus' : 'graphite');
        const provider = parse(project.read('grafana/provisioning/dashboards/dashboards.yml')).providers[0].options.path;
        const grafana = parse(project.read('docker-compose.yml')).services.grafana;
        assert.ok(grafana.volumes.includes(`./grafana/dashboards:${provider}:ro`), grafana.volumes);
        assert.equal(grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH, `${provider}/api.json`);
        const pod = deployment(objectsOf(project.read('k8s/grafana.yaml')), 'grafana').spec.template.spec;
        assert.ok(pod.containers[0].volumeMounts.some((m: any) => m.name === 'dashboards' && m.mountPath === provider));
        const provisioning = configMap(project, 'k8s/grafana.yaml', 'grafana-provisioning');
        assert.deepEqual(parse(provisioning['datasource.yml']!), datasources);
        assert.deepEqual(JSON.parse(configMap(project, 'k8s/grafana.yaml', 'grafana-dashboards')['api.json']!), dashboard);
      });

      if (project.has('prometheus')) {
        it('Prometheus: Kubernetes scrapes each API pod through a headless Service, admitted past Kong', () => {
          const objects = objectsOf(project.read('k8s/prometheus.yaml'));
          const headless = objects.find((o) => o.kind === 'Service' && o.spec.clusterIP === 'None');
          assert.deepEqual(headless.spec.selector, { 'app.kubernetes.io/name': 'api' });
          const config = parse(configMap(project, 'k8s/prometheus.yaml', 'prometheus-config')['prometheus.yml']!);
          assert.deepEqual(config.scrape_configs[0].dns_sd_configs, [{ names: [headless.metadata.name], type: 'A', port: 8080 }]);
          assert.equal(configMap(project, 'k8s/prometheus.yaml', 'prometheus-config')['alerts.yml'], project.read('prometheus/alerts.yml'));
          const container = deployment(objects, 'prometheus').spec.template.spec.containers[0];
          assert.deepEqual(container.args, parse(project.read('docker-compose.yml')).services.prometheus.command);
          assert.equal(container.image, parse(project.read('docker-compose.yml')).services.prometheus.image);
          const policy = objectsOf(project.read('k8s/api-from-prometheus.yaml'))[0];
          assert.deepEqual(policy.spec.ingress, [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
        });
      }

      if (project.has('graphite')) {
        it('Graphite: statsd flushes once per retention slot; Kubernetes carries the same files', () => {
          assert.deepEqual(retentionProblems(project.read('graphite/statsd.js'), project.read('graphite/storage-schemas.conf')), []);
          const files = configMap(project, 'k8s/graphite.yaml', 'graphite-config');
          for (const file of ['statsd.js', 'storage-schemas.conf', 'storage-aggregation.conf']) assert.equal(files[file], project.read(`graphite/${file}`), file);
        });
      }

      if (project.has('elk')) {
        it('ELK: one version, heaps at half their limits, about 4 GiB in all; Logstash listens where the API sends', () => {
          const { compose, kubernetes } = elkServices(project);
          assert.deepEqual(elkProblems(compose), []);
          assert.deepEqual(elkProblems(kubernetes), []);
          assert.equal(compose[0]!.image.split(':').pop(), kubernetes[0]!.image.split(':').pop());
          assert.equal(elkMemory(compose), 4);
          assert.equal(elkMemory(kubernetes), 4);
          const pipeline = project.read('elk/logstash.conf');
          const api = parse(project.read('docker-compose.yml')).services.api.environment;
          assert.match(pipeline, new RegExp(`tcp \\{\\s*port => ${api.LOGSTASH_PORT}\\s*codec => json_lines`));
          assert.equal(api.LOGSTASH_HOST, 'logstash');
          assert.equal(configMap(project, 'k8s/elk.yaml', 'logstash-pipeline')['logstash.conf'], pipeline);
        });

        it('ELK: Logstash finds the index template where its pipeline names it, alike in both, and only the pipeline in its pipeline folder', () => {
          const path = /template => "([^"]+)"/.exec(project.read('elk/logstash.conf'))?.[1];
          assert.ok(path, 'the pipeline names a template');
          const logstash = parse(project.read('docker-compose.yml')).services.logstash;
          assert.ok(logstash.volumes.includes(`./elk/index-template.json:${path}:ro`), logstash.volumes);
          const files = configMap(project, 'k8s/elk.yaml', 'logstash-pipeline');
          assert.equal(files['index-template.json'], project.read('elk/index-template.json'));
          const pod = deployment(objectsOf(project.read('k8s/elk.yaml')), 'logstash').spec.template.spec;
          // Each mounted file: its path in the container, from the ConfigMap key it projects.
          const mounted = pod.containers[0].volumeMounts.flatMap((m: any) => {
            const items = pod.volumes.find((v: any) => v.name === m.name).configMap?.items ?? [];
            return items.map((i: { key: string; path: string }) => [`${m.mountPath}/${i.path}`, i.key]);
          });
          assert.deepEqual(Object.fromEntries(mounted), { '/usr/share/logstash/pipeline/logstash.conf': 'logstash.conf', [path]: 'index-template.json' });
        });
      }
    });
  }
});

describe('each observability check bites', () => {
  const [prometheus, graphite] = projects as [Project, Project];

  it('Grafana: an unknown data source uid, an import placeholder, a repeated panel id', () => {
    const datasources = parse(prometheus.read('grafana/provisioning/datasources/datasource.yml'));
    const broken = (change: (d: any) => void) => {
      const dashboard = JSON.parse(prometheus.read('grafana/dashboards/api.json'));
      change(dashboard);
      return grafanaProblems(datasources, dashboard).join('\n');
    };
    assert.match(broken((d) => (d.panels[2].targets[1].datasource.uid = 'PBFA97CFB590B2093')), /uses data source uid "PBFA97CFB590B2093"/);
    assert.match(broken((d) => (d.__inputs = [{ name: 'DS_PROMETHEUS' }])), /import placeholders/);
    assert.match(broken((d) => (d.panels[1].id = d.panels[0].id)), /panel id 1 twice/);
  });

  it('Graphite: a flush interval finer or coarser than the retention', () => {
    const schemas = graphite.read('graphite/storage-schemas.conf');
    assert.match(retentionProblems(graphite.read('graphite/statsd.js').replace('flushInterval: 10000', 'flushInterval: 60000'), schemas).join('\n'), /every 10s, statsd flushes every 60s/);
    assert.match(retentionProblems(graphite.read('graphite/statsd.js'), schemas.replaceAll('retentions = 10s:6h', 'retentions = 5s:6h')).join('\n'), /every 5s, statsd flushes every 10s/);
  });

  it('ELK: a version apart, a heap over half its limit, a cluster of more than one node', () => {
    const { compose } = elkServices(prometheus);
    const problems = elkProblems([
      { ...compose[0]!, env: { ...compose[0]!.env, ES_JAVA_OPTS: '-Xms2g -Xmx2g', 'discovery.type': 'multi-node' } },
      compose[1]!,
      { ...compose[2]!, image: compose[2]!.image.replace(/:.*/, ':8.18.0') },
    ]).join('\n');
    assert.match(problems, /differ in version/);
    assert.match(problems, /elasticsearch: heap 2g is more than half of 2g/);
    assert.match(problems, /not a single node/);
  });
});
