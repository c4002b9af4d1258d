/**
 * A real OpenSearch 2.19 (the Elasticsearch API, Apache-2.0), single node on a free loopback port:
 * the launcher in test/tools/opensearch, which .ci/run builds with Maven into .cache/opensearch.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort, startProcess } from '../helpers/python.js';
import { needCommand, requireTools } from '../helpers/tools.js';
import { cacheDir } from '../helpers/validators.js';

const built = join(cacheDir, 'opensearch');
// Its start (a JVM, then the node electing itself) took 17 s on a loaded 2-core machine: bound it far above.
const START_TIMEOUT_MS = 180_000;

export type Request = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Starts OpenSearch, once its cluster answers: its requests, and stop() for the suite's end. Skipped
 * on a laptop without it, failing in CI.
 */
export async function openSearch(t: TestContext): Promise<{ request: Request; stop: () => Promise<void> } | undefined> {
  const jar = join(built, 'build', 'launcher.jar');
  if (!needCommand(t, 'java')) return undefined;
  if (!existsSync(jar)) {
    if (requireTools) throw new Error(`OpenSearch is required (LEO_REQUIRE_TOOLS=1): run .ci/run, which builds it into ${built}`);
    t.skip(`OpenSearch not built (.ci/run builds it into ${built})`);
    return undefined;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const classpath = `${jar}:${join(built, 'lib', '*')}`;
  // Its own folder, removed once it has stopped: a test's tempDir would go with the test that started it.
  const home = mkdtempSync(join(tmpdir(), 'leo-opensearch-'));
  const node = await startProcess('java', ['-Xms256m', '-Xmx512m', '-cp', classpath, 'leo.OpenSearchLauncher', home, String(port)], {
    // Up once the cluster has a state: before the node elects itself, health answers 503.
    ready: async () => (await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(5_000) })).ok,
    timeoutMs: START_TIMEOUT_MS,
  });
  const request: Request = async (method, path, body) => {
    // _bulk takes lines of JSON (a string here); every other call one JSON document.
    const ndjson = typeof body === 'string';
    const response = await fetch(url + path, {
      method,
      headers: { 'Content-Type': ndjson ? 'application/x-ndjson' : 'application/json' },
      body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.json() };
  };
  const stop = async () => {
    await node.stop();
    rmSync(home, { recursive: true, force: true });
  };
  return { request, stop };
}
