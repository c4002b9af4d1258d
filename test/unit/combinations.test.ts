// Every preset combination, resolved, planned and rendered in memory: each file parses as its kind
// says, nothing of the templates' own syntax is left, nothing reads "undefined", and rendering the
// same answers twice gives the same bytes. Rendering depends on the resolved answers only, so each
// distinct project renders once (twice, for determinism).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { type Generated, planProject, render } from '../../src/pipeline/index.js';
import { everyPreset, TOOLS_PROBE } from '../helpers/generate.js';

/** What the generated files legitimately say with double braces: CI expressions, Go templates (Prometheus, docker --format), Grafana legends. */
const FOREIGN_BRACES = [/\$\{\{/g, /\{\{\s*[$.]/g, /"legendFormat": "[^"]*"/g];

/** Why a rendered file is broken, or undefined. */
function problemOf(path: string, text: string): string | undefined {
  if (text.includes('{%') || text.includes('%}')) return 'a Nunjucks tag is left';
  if (FOREIGN_BRACES.reduce((rest, pattern) => rest.replace(pattern, ''), text).includes('{{')) return 'a Nunjucks expression is left';
  if (/\bundefined\b/.test(text)) return 'it reads "undefined"';
  return parseProblem(path, text);
}

function parseProblem(path: string, text: string): string | undefined {
  try {
    if (path.endsWith('.json')) JSON.parse(text);
    if (!/\.ya?ml$/.test(path)) return undefined;
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) return `YAML: ${document.errors[0]!.message}`;
      const value = document.toJS() as { kind?: string; data?: Record<string, string> } | null;
      // A ConfigMap carries whole files (prometheus.yml, dashboards): they must parse too.
      if (value?.kind !== 'ConfigMap') continue;
      for (const [key, payload] of Object.entries(value.data ?? {})) {
        const problem = parseProblem(key, payload);
        if (problem) return `ConfigMap ${key}: ${problem}`;
      }
    }
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('every preset combination', () => {
  it('resolves, plans, renders deterministically, and every file parses', () => {
    const presets = everyPreset(catalog);
    const projects = new Map<string, { paths: string; first: Generated }>();
    for (const answers of presets) {
      const planned = planProject(answers, catalog, TOOLS_PROBE);
      // The answer of a category another component plays (Spark the model type) is kept for later,
      // but builds nothing: projects that differ only there are one project.
      const replaced = new Set<string>(planned.resolution.components.flatMap((c) => (c.replaces ? [c.replaces] : [])));
      const key = JSON.stringify(Object.entries(planned.resolution.answers).map(([id, value]) => [id, replaced.has(id) ? null : value]));
      const paths = planned.files.map((f) => f.path).join('\n');
      const seen = projects.get(key);
      if (seen) {
        assert.equal(paths, seen.paths, `the same resolved answers plan the same files: ${JSON.stringify(answers)}`);
        continue;
      }
      projects.set(key, { paths, first: { ...planned, rendered: render(planned, catalog) } });
    }

    const checked = new Set<string>();
    const problems: string[] = [];
    for (const [key, { first }] of projects) {
      const again = render(planProject(first.resolution.answers, catalog, TOOLS_PROBE), catalog);
      assert.equal(again.length, first.rendered.length);
      first.rendered.forEach((file, index) => {
        assert.ok(file.content.equals(again[index]!.content), `${file.path} renders differently the second time for ${key}`);
        const source = first.files[index]!.source;
        // Files copied as they are (vendored scripts, binaries) are not the templates' output.
        if (source.kind === 'template' && !source.render) return;
        const digest = `${file.path}\0${createHash('sha1').update(file.content).digest('hex')}`;
        if (checked.has(digest)) return;
        checked.add(digest);
        const problem = problemOf(file.path, file.content.toString());
        if (problem) problems.push(`${file.path} (${key}): ${problem}`);
      });
    }
    assert.deepEqual(problems.slice(0, 20), []);
    // Kubernetes turns Docker on and Spark replaces the model type: fewer projects than presets, but many.
    assert.ok(projects.size > 1 && projects.size < presets.length, `${projects.size} projects from ${presets.length} presets`);
  });
});
