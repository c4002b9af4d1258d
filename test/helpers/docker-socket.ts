/**
 * podman's Docker-compatible socket (`podman system service`), one per test file, for the tests that
 * run a generated project's deploy through the Docker CLI as a user's machine would.
 */
import { join } from 'node:path';
import { after, before } from 'node:test';
import { exec } from '../containers/podman.js';
import { type Process, startProcess } from './python.js';
import { tempDir } from './tmp.js';
import { hasCommand } from './tools.js';

export interface DockerSocket {
  /** DOCKER_HOST for the Docker CLI and docker-compose, with compose's timeout fit for a busy machine. */
  env: NodeJS.ProcessEnv;
}

/**
 * podman's socket for this test file, when every tool and the base image are there: started before
 * its tests, stopped after them (call it at the top level of the file, where node:test's hooks
 * belong). `serviceEnv` gives the service's own environment (podman's registries.conf, say), read
 * when it starts. The getter returns the socket, or what is missing.
 */
export function socketForFile(tools: string[], base: string, serviceEnv: () => NodeJS.ProcessEnv = () => ({})): () => DockerSocket | string {
  let socket: DockerSocket | string = 'podman was not started';
  const path = join(tempDir('leo-podman-'), 'docker.sock');
  let service: Process | undefined;
  before(async () => {
    const missing = tools.filter((tool) => !hasCommand(tool));
    if (!missing.length && (await exec('podman', ['image', 'exists', base])).status !== 0) missing.push(`the base image ${base}`);
    if (missing.length) {
      socket = `${missing.join(', ')} missing: .ci/containers.sh provides them`;
      return;
    }
    // docker-compose's 60 s default is short for a busy machine, where podman's commands wait on each other's locks.
    const env = { DOCKER_HOST: `unix://${path}`, COMPOSE_HTTP_TIMEOUT: '600' };
    service = await startProcess('podman', ['system', 'service', '--time=0', `unix://${path}`], {
      env: serviceEnv(),
      ready: async () => (await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env })).status === 0,
      timeoutMs: 120_000,
    });
    socket = { env };
  });
  after(() => service?.stop());
  return () => socket;
}
