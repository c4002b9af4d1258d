import { parseArgs } from 'node:util';
import { catalog } from './catalog/index.js';
import { readProject, targetProblem } from './deploy/project.js';
import { LeoError } from './errors.js';
import { leoVersion } from './paths.js';
import { systemProbe } from './probe.js';

const targets = catalog.deployTargets();

const USAGE = `Usage:
  leo                                   interactive session (needs a terminal)
  leo --preset FILE [--out DIR] [--force] [--dry-run]
                                        generate a project from a preset, no interaction
  leo deploy [DIR] [--target T]         deploy or undeploy the project in DIR (default: .),
                                        streaming its output (needs a terminal)
  leo --print-schema                    print the preset's JSON schema
  leo --version | --help

  --out DIR    the project's own folder (default: ./<name>)
  --force      write into a non-empty folder: generated files replace their namesakes
  --dry-run    print the planned tree and the component behind each file; write nothing
  --target T   ${targets.map((t) => t.id).join(' or ')}: the deploy screen starts on that target`;

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };

export async function main(argv: string[]): Promise<number> {
  // `leo --preset p.json --dry-run | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        preset: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        target: { type: 'string' },
        'print-schema': { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`leo: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return (io.out(USAGE), 0);
  if (values.version) return (io.out(leoVersion), 0);
  if (values['print-schema']) {
    const { presetSchema } = await import('./preset/schema.js');
    return (io.out(JSON.stringify(presetSchema(catalog), null, 2)), 0);
  }
  if (positionals[0] === 'deploy' && values.preset === undefined) {
    if (values.out || values.force || values['dry-run']) {
      io.err('leo: --out, --force and --dry-run go with --preset FILE, not with leo deploy');
      return 2;
    }
    if (positionals.length > 2) {
      io.err(`leo: unexpected argument "${positionals[2]}"\n\n${USAGE}`);
      return 2;
    }
    return deploy(positionals[1] ?? '.', values.target);
  }
  if (values.target !== undefined) {
    io.err('leo: --target goes with leo deploy');
    return 2;
  }
  if (positionals.length > 0) {
    io.err(`leo: unexpected argument "${positionals[0]}"\n\n${USAGE}`);
    return 2;
  }
  if (values.preset === undefined) {
    if (values.out || values.force || values['dry-run']) {
      io.err('leo: --out, --force and --dry-run go with --preset FILE');
      return 2;
    }
    return interactive();
  }
  // Loaded on demand: the session's first frame does not wait for Nunjucks.
  const { runPreset } = await import('./preset-mode.js');
  try {
    runPreset({ preset: values.preset, out: values.out, force: values.force, dryRun: values['dry-run'] }, catalog, systemProbe(), io);
    return 0;
  } catch (error) {
    if (error instanceof LeoError) {
      io.err(`leo: ${error.toString()}`);
      return 1;
    }
    throw error;
  }
}

async function interactive(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.err('leo: the interactive session needs a terminal. Without one, use: leo --preset FILE (see leo --help)');
    return 2;
  }
  // Loaded on demand: preset mode never pays for Ink and React.
  const { runTui } = await import('./tui/run.js');
  return runTui();
}

/** `leo deploy`: the project and the target are checked before any screen is drawn. */
async function deploy(dir: string, target: string | undefined): Promise<number> {
  let project;
  try {
    project = readProject(dir, catalog);
  } catch (error) {
    if (error instanceof LeoError) return (io.err(`leo: ${error.toString()}`), 1);
    throw error;
  }
  const problem = target === undefined ? undefined : targetProblem(project, target, catalog);
  if (problem) return (io.err(`leo: ${problem}`), 2);
  if (project.targets.length === 0) {
    io.err(`leo: ${project.name} was generated without ${targets.map((t) => t.label).join(' and ')}: there is nothing to deploy`);
    return 1;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.err(`leo: the deploy screen needs a terminal. Without one, run in ${project.dir}: ${project.python} ${project.cli} deploy ${target ?? project.targets[0]!.id}`);
    return 2;
  }
  // Loaded on demand, like the session: nothing of Ink until a screen is drawn.
  const { runDeployTui } = await import('./tui/deploy/run.js');
  return runDeployTui(project, target);
}
