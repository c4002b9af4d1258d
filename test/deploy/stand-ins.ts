import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../src/catalog/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { generate } from '../helpers/generate.js';
import { tempDir } from '../helpers/tmp.js';

/** The image ID the stand-in docker reports, and the content tag deploy kubernetes makes of it. */
export const IMAGE_ID = '0123456789abcdef'.repeat(4);
export const CONTENT_TAG = IMAGE_ID.slice(0, 12);

/**
 * One script plays docker, docker-compose, kubectl and minikube (by the name it is called with).
 * Every call appends its command line to $STANDIN_LOG; by default it prints a line on stdout, waits
 * a little and prints one on stderr. Environment variables, each a shell pattern matched against
 * the command line, change that:
 *   STANDIN_FAIL   print a line, then $STANDIN_MESSAGE on stderr, exit $STANDIN_STATUS (1)
 *   STANDIN_HANG   start a `sleep` child (its pid and the stand-in's go to $STANDIN_LOG.pids), wait
 *   STANDIN_FLOOD  print $STANDIN_FLOOD_LINES numbered lines as fast as it can
 * and STANDIN_CONTEXT is kubectl's current context (none when unset), STANDIN_NO_PLUGIN=1 makes
 * `docker compose` unknown. `docker image inspect` gives IMAGE_ID as the image's ID, and kubectl
 * lists one Deployment, api.
 */
const SCRIPT = `#!/bin/sh
PATH=/usr/bin:/bin
name=\${0##*/}
call="$name $*"
printf '%s\\n' "$call" >> "$STANDIN_LOG"
matches() { [ -n "$1" ] && case "$call" in $1) return 0;; esac; return 1; }
if matches "$STANDIN_FAIL"; then
  echo "$name: working on it"
  echo "\${STANDIN_MESSAGE:-$name: simulated failure}" >&2
  exit "\${STANDIN_STATUS:-1}"
fi
if matches "$STANDIN_HANG"; then
  sleep 300 &
  echo "$$ $!" >> "$STANDIN_LOG.pids"
  echo "$name: hanging"
  wait
  exit 0
fi
if matches "$STANDIN_FLOOD"; then
  seq -f "flood line %g" 1 "\${STANDIN_FLOOD_LINES:-100000}"
  echo "flood done" >&2
  exit 0
fi
case "$call" in
  "kubectl config current-context")
    if [ -z "$STANDIN_CONTEXT" ]; then echo "error: current-context is not set" >&2; exit 1; fi
    echo "$STANDIN_CONTEXT"; exit 0;;
  "docker compose version")
    if [ "$STANDIN_NO_PLUGIN" = 1 ]; then echo "docker: 'compose' is not a docker command." >&2; exit 1; fi;;
  "docker image inspect --format {{.Id}} "*)
    echo "sha256:${IMAGE_ID}"; exit 0;;
  "kubectl --namespace "*" get deployments --output json")
    echo '{"items": [{"metadata": {"name": "api"}}]}'; exit 0;;
esac
echo "$call: out"
sleep 0.05
echo "$call: err" >&2
`;

export const STAND_INS = ['docker', 'docker-compose', 'kubectl', 'minikube'] as const;

export interface StandIns {
  /** The folder to put first on PATH. */
  bin: string;
  log: string;
  /** The command lines run so far, in order. */
  calls(): string[];
  /** [stand-in pid, sleep pid] of each hanging call. */
  hung(): number[][];
}

/** The stand-ins, in a folder of their own; `only` leaves the others out (a missing tool). */
export function standIns(only: readonly string[] = STAND_INS): StandIns {
  const dir = tempDir('leo-stand-ins-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const name of only) {
    writeFileSync(join(bin, name), SCRIPT);
    chmodSync(join(bin, name), 0o755);
  }
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  return {
    bin,
    log,
    calls: () => lines(log),
    hung: () => lines(`${log}.pids`).map((line) => line.split(' ').map(Number)),
  };
}

/** The environment that runs the stand-ins, and no real docker or kubectl, with extra settings. */
export function standInEnv(tools: StandIns, settings: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: tools.bin, STANDIN_LOG: tools.log, ...settings };
}

/**
 * Runs body with the stand-ins first on PATH in Leo's own environment (the runner passes it on)
 * and a cluster context set, then puts the environment back.
 */
export async function withStandIns<T>(settings: Record<string, string>, body: (tools: StandIns) => Promise<T>): Promise<T> {
  const tools = standIns();
  const saved = { ...process.env };
  Object.assign(process.env, { PATH: `${tools.bin}:${process.env.PATH}`, STANDIN_LOG: tools.log, STANDIN_CONTEXT: 'kind-leo', ...settings });
  try {
    return await body(tools);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** A generated project (generic model, Flask), with a trained model stood in by an empty file. */
export function generated(answers: Record<string, unknown>, options: { trained?: boolean } = {}): string {
  const { dir } = generate(validatePreset({ framework: 'flask', ...answers }, catalog, 'test preset'));
  if (options.trained ?? true) writeFileSync(join(dir, 'models', 'model.pkl'), '');
  return dir;
}

/** Whether a process is still there (a zombie counts as gone: it has ended, only its entry waits). */
export function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
