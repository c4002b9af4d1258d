/**
 * Every Grafana dashboard Leo writes, through the Grafana Foundation SDK's strict unmarshal and
 * Validate() (test/tools/grafana-dashboard, built by .ci/run): unknown fields, wrong types and
 * missing required fields (a Prometheus query's expr) fail it, except the fields Grafana fills in
 * itself, which its source names.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { matrix } from '../helpers/generate.js';
import { run } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { needTool } from '../helpers/validators.js';

const DASHBOARD = 'grafana/dashboards/api.json';

/** The validator's verdict on each dashboard (written to files named by their index): its status and problems. */
function validate(validator: string, dashboards: string[]): { status: number | null; output: string } {
  const dir = tempDir('leo-dashboards-');
  const files = dashboards.map((text, i) => {
    writeFileSync(join(dir, `${i}.json`), text);
    return join(dir, `${i}.json`);
  });
  const { status, output } = run(validator, files);
  return { status, output: output.replaceAll(`${dir}/`, '') };
}

describe('Grafana dashboards, by the Grafana Foundation SDK', () => {
  // The dashboard differs by monitoring tool and project name (Graphite's series carry it).
  const projects = matrix().filter((p) => p.has('grafana'));
  const distinct = [...new Set(projects.map((p) => p.read(DASHBOARD)))];

  it(`passes every distinct dashboard the matrix writes (${distinct.length}), for both monitoring tools`, (t) => {
    const validator = needTool(t, 'grafana-dashboard');
    if (!validator) return;
    assert.ok(projects.some((p) => p.has('prometheus')) && projects.some((p) => p.has('graphite')));
    assert.deepEqual(validate(validator, distinct), { status: 0, output: '' });
  });

  it('rejects an unknown field, wrong types, a query without expr, and a defaulted field of the wrong type', (t) => {
    const validator = needTool(t, 'grafana-dashboard');
    if (!validator) return;
    const prometheus = projects.find((p) => p.has('prometheus'))!.read(DASHBOARD);
    const broken = (change: (d: any) => void) => {
      const dashboard = JSON.parse(prometheus);
      change(dashboard);
      const result = validate(validator, [JSON.stringify(dashboard)]);
      assert.equal(result.status, 1, result.output);
      return result.output;
    };
    assert.match(broken((d) => (d.panels[0].colour = 'red')), /^0\.json: panels\[0\]\.Panel: unexpected field 'colour'$/m);
    assert.match(broken((d) => (d.refresh = 10)), /^0\.json: refresh: json: cannot unmarshal number/m);
    assert.match(broken((d) => (d.panels[1].gridPos.w = '12')), /^0\.json: panels\[1\]\.gridPos\.w: json: cannot unmarshal string/m);
    assert.match(broken((d) => delete d.panels[2].targets[0].expr), /^0\.json: panels\[2\]\.targets\[0\]\.expr: required field is missing from input$/m);
    assert.match(broken((d) => (d.panels[3].options.legend.showLegend = 'yes')), /^0\.json: panels\[3\]\.options\.legend\.showLegend: json: cannot unmarshal string/m);
    assert.match(broken((d) => (d.templating = [])), /^0\.json: templating: json: cannot unmarshal array/m);
    // A required field Grafana does not default stays required.
    assert.match(broken((d) => delete d.panels[0].options.legend.displayMode), /^0\.json: panels\[0\]\.options\.legend\.displayMode: required field is missing from input$/m);
  });
});
