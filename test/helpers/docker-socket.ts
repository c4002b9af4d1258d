/**
 * podman's Docker-compatible socket (`podman system service`), one per test file, for the tests that
 * run a generated project's deploy through the Docker CLI as a user's machine would.
 */
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';
import { exec } from '../containers/podman.js';
import { type Process, startProcess } from './python.js';
import { tempDir } from './tmp.js';
import { hasCommand, requireTools } from './tools.js';

export interface DockerSocket {
  /** DOCKER_HOST for the Docker CLI and docker-compose, with compose's timeout fit for a busy machine. */
  env: NodeJS.ProcessEnv;
}

/**
 * Starts the service when every tool and the base image are there; otherwise says what is missing.
 * `serviceEnv` is the service's own environment (podman's registries.conf, say).
 */
export async function startDockerSocket(tools: string[], base: string, serviceEnv: NodeJS.ProcessEnv = {}): Promise<DockerSocket | string> {
  const missing = tools.filter((tool) => !hasCommand(tool));
  if (!missing.length && (await exec('podman', ['image', 'exists', base])).status !== 0) missing.push(`the base image ${base}`);
  if (missing.length) return `${missing.join(', ')} missing: .ci/containers.sh provides them`;
  const socket = join(tempDir('leo-podman-'), 'docker.sock');
  // docker-compose's 60 s default is short for a busy machine, where podman's commands wait on each other's locks.
  const env = { DOCKER_HOST: `unix://${socket}`, COMPOSE_HTTP_TIMEOUT: '600' };
  const service: Process = await startProcess('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
    env: serviceEnv,
    ready: async () => (await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env })).status === 0,
    timeoutMs: 120_000,
  });
  after(() => service.stop());
  return { env };
}

/** Whether the socket is there; else a skip on a laptop, a failure in CI (LEO_REQUIRE_TOOLS=1). */
export function socketOrSkip(t: TestContext, socket: DockerSocket | string | undefined): socket is DockerSocket {
  if (typeof socket === 'object') return true;
  const why = socket ?? 'podman was not started';
  if (requireTools) throw new Error(`${why} (LEO_REQUIRE_TOOLS=1)`);
  t.skip(why);
  return false;
}
