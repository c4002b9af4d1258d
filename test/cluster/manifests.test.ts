/**
 * Every distinct set of Kubernetes manifests the preset schema can produce, applied with
 * `kubectl apply --dry-run=server` to a real API server: its own validation, defaulting and
 * admission, which schemas alone (test/containers/kubernetes.test.ts) cannot give; then for real,
 * twice, the second apply changing nothing (so a redeploy is idempotent). Projects whose
 * k8s/ and k8s-jobs/ are the same bytes are one set: the answers that change no manifest (CI, the
 * environment, most model types) do not multiply the work.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { planProject, type RenderedFile, render } from '../../src/pipeline/index.js';
import { clusterForFile } from '../helpers/cluster.js';
import { everyPreset, inMemory, TOOLS_PROBE } from '../helpers/generate.js';
import { tempDir } from '../helpers/tmp.js';
import { presentOrSkip } from '../helpers/tools.js';

const NAMESPACE = 'every-preset';
const isManifest = (file: RenderedFile) => /^k8s(-jobs)?\//.test(file.path);

/** One project's answers for each distinct manifest set, and how many projects have Kubernetes at all. */
function distinctSets(): { sets: Map<string, { title: string; files: RenderedFile[] }>; projects: number } {
  const sets = new Map<string, { title: string; files: RenderedFile[] }>();
  const seen = new Set<string>();
  for (const answers of everyPreset(catalog).filter((preset) => preset.kubernetes)) {
    // Rendering depends on the resolved answers alone: each distinct project is rendered once.
    const planned = planProject(answers, catalog, TOOLS_PROBE);
    const resolved = JSON.stringify(planned.resolution.answers);
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    const files = render(planned, catalog).filter(isManifest);
    const hash = createHash('sha256');
    for (const file of files) hash.update(`${file.path}\0${file.content.toString()}\0`);
    const key = hash.digest('hex');
    if (!sets.has(key)) {
      const { logging, monitoring, gateway, spark, model, framework } = planned.resolution.answers;
      sets.set(key, { title: JSON.stringify({ framework, model, logging, monitoring, gateway, spark }), files });
    }
  }
  return { sets, projects: seen.size };
}

const theCluster = clusterForFile();

describe('every distinct Kubernetes manifest set, on a real API server', () => {
  it('passes kubectl apply --dry-run=server, the scoring Job too; applied for real, a second apply changes nothing', async (t) => {
    const cluster = theCluster();
    if (!presentOrSkip(t, cluster)) return;
    const started = Date.now();
    const { sets, projects } = distinctSets();
    t.diagnostic(`${sets.size} distinct manifest sets among ${projects} distinct projects with Kubernetes (${Date.now() - started} ms to render)`);
    // The sets vary in what they hold: a bug that makes them all alike must not pass as "few sets".
    assert.ok(sets.size >= 12, `only ${sets.size} distinct sets`);

    // A server-side dry run of namespaced objects needs their namespace to exist for real.
    await cluster.kubectlOk(['create', 'namespace', NAMESPACE]);
    const applied = Date.now();
    const failures: string[] = [];
    for (const { title, files } of sets.values()) {
      const dir = tempDir('leo-manifests-');
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.content);
      }
      const kustomized = ['--kustomize', join(dir, 'k8s')];
      const jobs = files.some((file) => file.path.startsWith('k8s-jobs/')) ? [['--filename', join(dir, 'k8s-jobs')]] : [];
      for (const source of [kustomized, ...jobs]) {
        const result = await cluster.kubectl(['apply', '--dry-run=server', ...source]);
        if (result.status !== 0) failures.push(`${title} ${source[1]}:\n${result.output}`);
        // Every object went through the server (created, or changed when an earlier set made it).
        else assert.ok(result.stdout.trim().split('\n').every((line) => / \(server dry run\)$/.test(line)), result.output);
      }
      // What deploy applies must settle: anything the server writes back otherwise (a quantity in
      // another unit, an empty list dropped) would make every deploy change it again.
      await cluster.kubectlOk(['apply', ...kustomized]);
      const again = await cluster.kubectlOk(['apply', ...kustomized]);
      const changed = again.split('\n').filter((line) => line && !/ unchanged$/.test(line));
      if (changed.length) failures.push(`${title}: a second apply changed ${changed.join(', ')}`);
    }
    t.diagnostic(`${sets.size} sets applied with --dry-run=server, then twice for real, in ${((Date.now() - applied) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, []);
  });

  it("Spark's scoring Job, applied as its README says, binds its volume and runs to completion", async (t) => {
    const cluster = theCluster();
    if (!presentOrSkip(t, cluster)) return;
    const spark = inMemory(everyPreset(catalog).find((preset) => preset.kubernetes && preset.spark)!);
    const dir = tempDir('leo-jobs-');
    for (const file of spark.rendered.filter((f) => f.path.startsWith('k8s-jobs/'))) writeFileSync(join(dir, file.path.slice('k8s-jobs/'.length)), file.content);
    // The volume a cluster's storage would provide: a PersistentVolume for the claim to bind.
    const volume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'score-data-test' },
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/score-data' } },
    };
    writeFileSync(join(dir, 'volume.json'), JSON.stringify(volume));
    await cluster.kubectlOk(['apply', '--filename', join(dir, 'volume.json')]);
    await cluster.kubectlOk(['apply', '--filename', join(dir, 'score.yaml')]);
    const wait = ['--namespace', NAMESPACE, 'wait', '--timeout=300s'];
    await cluster.kubectlOk([...wait, '--for=jsonpath={.status.phase}=Bound', 'persistentvolumeclaim/score-data']);
    await cluster.kubectlOk([...wait, '--for=condition=Complete', 'job/score']);
    const deleted = await cluster.kubectlOk(['delete', '--filename', join(dir, 'score.yaml'), '--wait', '--timeout=300s']);
    assert.match(deleted, /job\.batch "score" deleted/);
  });

  it('the API server does refuse a broken manifest (the check can fail)', async (t) => {
    const cluster = theCluster();
    if (!presentOrSkip(t, cluster)) return;
    const dir = tempDir('leo-broken-');
    // Valid YAML, valid to a loose schema check, refused by the server's validation: a port out of range.
    const broken = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'broken', namespace: NAMESPACE },
      spec: { selector: { app: 'x' }, ports: [{ port: 70000 }] },
    };
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    const result = await cluster.kubectl(['apply', '--dry-run=server', '--filename', join(dir, 'broken.json')]);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /Invalid value: 70000/);
  });
});
