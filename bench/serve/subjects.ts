/**
 * The servers compared by bench/serve.ts, all serving the generated sklearn project's trained model
 * (models/model.pkl) with 2 worker processes unless said otherwise: the generated Flask and Falcon
 * services as shipped, the bare apps of bench/peers/, FastAPI on uvicorn, MLServer and BentoML.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../../src/catalog/index.js';
import { type Venv, freePort, freshVenv } from '../../test/helpers/python.js';
import { type ServerProcess, startProcess } from './processes.js';

export const peersDir = fileURLToPath(new URL('../peers', import.meta.url));

export type Framework = 'flask' | 'falcon';

/** A generated project, trained, with its venv. */
export interface Project {
  dir: string;
  name: string;
  className: string;
  venv: Venv;
}

/** What every subject needs: where to work, the projects, the peers' venvs (built on first use). */
export interface Setup {
  home: string;
  projects: Record<Framework, Project>;
  peerVenv(peer: 'fastapi' | 'mlserver' | 'bentoml'): Venv;
}

/** How a server is asked for predictions: Leo's contract or the Open Inference Protocol (V2). */
export type Contract = 'leo' | 'v2';

export interface Batching {
  size: number;
  waitMs: number;
}

export interface Subject {
  label: string;
  contract: Contract;
  path: string;
  start(port: number, logFile: string): Promise<ServerProcess>;
  /** For batching peers whose answer is the bare list of predictions. */
  listAnswer?: boolean;
}

const GUNICORN_WORKERS = '2';
/** The name MLServer serves the model under. */
export const V2_MODEL = 'iris';

/** The peers' venvs: their pinned requirements plus the model's, taken from Leo's catalog so they unpickle the same artifact. */
export function peerVenv(home: string, peer: string): Venv {
  const dir = join(home, `venv-${peer}`);
  mkdirSync(dir, { recursive: true });
  const model = catalog.get('sklearn').python ?? [];
  writeFileSync(
    join(dir, 'requirements.txt'),
    `${readFileSync(join(peersDir, peer, 'requirements.txt'), 'utf8')}# The model's requirements, from Leo's catalog\n${model.join('\n')}\n`,
  );
  return freshVenv(dir, 'requirements.txt');
}

/** The environment under which a hand-written app loads the generated project's model class and artifact. */
function modelEnv(project: Project, ...paths: string[]): NodeJS.ProcessEnv {
  return {
    PYTHONPATH: [...paths, join(peersDir, 'common'), project.dir].join(':'),
    MODEL_CLASS: `${project.name}.model:${project.className}`,
    MODEL_PATH: join(project.dir, 'models', 'model.pkl'),
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/**
 * The generated service, as shipped (default LOG_LEVEL, access log on); `batching` sets BATCH_MAX_SIZE /
 * BATCH_MAX_WAIT_MS; `contract` 'v2' asks it through its Open Inference Protocol route.
 */
export function generated(setup: Setup, framework: Framework, batching?: Batching, contract: Contract = 'leo'): Subject {
  const project = setup.projects[framework];
  const suffix = batching ? (batching.size > 1 ? `, batching ${batching.size}/${batching.waitMs} ms` : ', batching off') : '';
  return {
    label: `generated ${framework}${contract === 'v2' ? ' (V2)' : ''}${suffix}`,
    contract,
    path: contract === 'v2' ? `/v2/models/${project.name}/infer` : '/predict',
    start: async (port, logFile) =>
      startProcess(project.venv.bin('gunicorn'), ['-c', 'gunicorn.conf.py', `${project.name}.wsgi:app`], {
        cwd: project.dir,
        logFile,
        env: {
          HOST: '127.0.0.1',
          PORT: String(port),
          WEB_CONCURRENCY: GUNICORN_WORKERS,
          ...(batching && { BATCH_MAX_SIZE: String(batching.size), BATCH_MAX_WAIT_MS: String(batching.waitMs) }),
        },
      }),
  };
}

/** The bare app of bench/peers/<framework>/, under the generated project's own gunicorn settings. */
export function bare(setup: Setup, framework: Framework): Subject {
  const project = setup.projects[framework];
  return {
    label: `bare ${framework}`,
    contract: 'leo',
    path: '/predict',
    start: async (port, logFile) =>
      startProcess(
        project.venv.bin('gunicorn'),
        ['-c', 'gunicorn.conf.py', '--pythonpath', [join(peersDir, framework), join(peersDir, 'common')].join(','), `bare_${framework}:app`],
        { cwd: project.dir, logFile, env: { HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: GUNICORN_WORKERS, ...modelEnv(setup.projects[framework]) } },
      ),
  };
}

export function fastapi(setup: Setup): Subject {
  const project = setup.projects.flask;
  return {
    label: 'fastapi+uvicorn',
    contract: 'leo',
    path: '/predict',
    start: async (port, logFile) => {
      const venv = setup.peerVenv('fastapi');
      return startProcess(
        venv.bin('uvicorn'),
        ['fastapi_app:app', '--host', '127.0.0.1', '--port', String(port), '--workers', GUNICORN_WORKERS, '--loop', 'uvloop', '--http', 'httptools', '--no-access-log', '--log-level', 'warning'],
        { cwd: setup.home, logFile, env: modelEnv(project, join(peersDir, 'fastapi')) },
      );
    },
  };
}

/**
 * MLServer with mlserver-sklearn loading the same models/model.pkl (predict_fn predict_proba),
 * in its fastest settings: no access log (debug off), no metrics endpoint. `workers` is
 * parallel_workers: 0 serves from the one process.
 */
export function mlserver(setup: Setup, workers: number, batching?: Batching): Subject {
  const project = setup.projects.flask;
  const shape = workers === 0 ? '1 process' : `${workers} workers`;
  return {
    label: `mlserver, ${shape}${batching ? `, batching ${batching.size}/${batching.waitMs} ms` : ''}`,
    contract: 'v2',
    path: `/v2/models/${V2_MODEL}/infer`,
    start: async (port, logFile) => {
      const venv = setup.peerVenv('mlserver');
      const dir = join(setup.home, `mlserver-${port}`);
      mkdirSync(join(dir, V2_MODEL), { recursive: true });
      // settings.json overrides MLSERVER_* variables; gRPC and metrics get ports of their own.
      const settings = {
        host: '127.0.0.1',
        http_port: port,
        grpc_port: await freePort(),
        metrics_port: await freePort(),
        metrics_endpoint: null,
        debug: false,
        parallel_workers: workers,
      };
      writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
      writeFileSync(
        join(dir, V2_MODEL, 'model-settings.json'),
        JSON.stringify({
          name: V2_MODEL,
          implementation: 'mlserver_sklearn.SKLearnModel',
          parameters: { uri: join(project.dir, 'models', 'model.pkl'), extra: { predict_fn: 'predict_proba' } },
          ...(batching && { max_batch_size: batching.size, max_batch_time: batching.waitMs / 1000 }),
        }),
      );
      return startProcess(venv.bin('mlserver'), ['start', dir], { cwd: dir, logFile, env: { PYTHONDONTWRITEBYTECODE: '1' } });
    },
  };
}

/** BentoML 1.4 serving bench/peers/bentoml/service.py: 2 workers, `batchable=True` when batching. */
export function bentoml(setup: Setup, batching?: Batching): Subject {
  const project = setup.projects.flask;
  return {
    label: `bentoml${batching ? `, batchable ${batching.size}` : ''}`,
    contract: 'leo',
    path: '/predict',
    listAnswer: batching !== undefined,
    start: async (port, logFile) => {
      const venv = setup.peerVenv('bentoml');
      const service = join(peersDir, 'bentoml');
      return startProcess(venv.bin('bentoml'), ['serve', 'service:Predictor', '--working-dir', service, '--host', '127.0.0.1', '--port', String(port)], {
        cwd: setup.home,
        logFile,
        env: {
          ...modelEnv(project, service),
          BENTOML_HOME: join(setup.home, 'bentoml-home'),
          BENTOML_DO_NOT_TRACK: 'true',
          BENTO_BATCHING: batching ? '1' : '0',
          BATCH_MAX_SIZE: String(batching?.size ?? 1),
        },
      });
    },
  };
}
