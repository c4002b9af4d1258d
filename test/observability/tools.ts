import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { cacheDir } from '../helpers/validators.js';
import { run } from '../helpers/run.js';
import { needCommand, requireTools } from '../helpers/tools.js';

/** Where .ci/run builds Prometheus 3 (server and promtool) from the Go module proxy. */
export const prometheus3Dir = join(cacheDir, 'prometheus3');

export interface PrometheusTools {
  prometheus: string;
  promtool: string;
  /** major.minor.patch */
  version: string;
}

/**
 * Prometheus 2 is Debian's package (prometheus, with promtool); Prometheus 3 is built by .ci/run.
 * Missing, the test is skipped on a laptop and fails in CI (LEO_REQUIRE_TOOLS=1). The version is
 * checked, so that a test titled "Prometheus 3" cannot run Prometheus 2.
 */
export function prometheusTools(t: TestContext, major: 2 | 3): PrometheusTools | undefined {
  if (major === 2) {
    if (!needCommand(t, 'prometheus') || !needCommand(t, 'promtool')) return undefined;
    const version = run('prometheus', ['--version']).output;
    const semver = /version (2\.\d+\.\d+)/.exec(version)?.[1];
    if (!semver) throw new Error(`the prometheus on PATH is not 2.x:\n${version}`);
    return { prometheus: 'prometheus', promtool: 'promtool', version: semver };
  }
  const tools = { prometheus: join(prometheus3Dir, 'prometheus'), promtool: join(prometheus3Dir, 'promtool') };
  if (!existsSync(tools.prometheus) || !existsSync(tools.promtool)) {
    if (requireTools) throw new Error(`Prometheus 3 is required (LEO_REQUIRE_TOOLS=1): run .ci/run, which builds it into ${prometheus3Dir}`);
    t.skip(`Prometheus 3 not built (.ci/run builds it into ${prometheus3Dir})`);
    return undefined;
  }
  // Built with go install, it reports no version of its own: its module version (v0.3xx.y = 3.xx.y) tells.
  const build = run('go', ['version', '-m', tools.prometheus]).output;
  const module = /\tmod\tgithub\.com\/prometheus\/prometheus\tv0\.3(\d\d)\.(\d+)\t/.exec(build);
  if (!module) throw new Error(`not Prometheus 3:\n${build}`);
  return { ...tools, version: `3.${Number(module[1])}.${module[2]}` };
}
