import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
// First: the screens' styling reads it when Ink loads.
import './tui/no-color.js';
import { catalog } from './catalog/index.js';
import { readProject, targetProblem } from './deploy/project.js';
import { LeoError } from './errors.js';
import { leoVersion } from './paths.js';
import { systemProbe } from './probe.js';

const targets = catalog.deployTargets();

const USAGE = `Usage:
  leo                                   interactive session (needs a terminal)
  leo DIR                               the session on the project in DIR: change its components,
                                        preview each file's update, write it as leo update does
  leo --preset FILE [--out DIR] [--force] [--dry-run]
                                        generate a project from a preset, no interaction
  leo update [DIR] [--preset CHANGES | --set KEY=VALUE ...] [--dry-run]
                                        change a generated project's answers (default DIR: .),
                                        merging the new files with your own edits
  leo add DIR COMPONENT [--dry-run]     the same, for one component (e.g. leo add . prometheus);
                                        on a terminal both preview each file first (--yes: no preview)
  leo deploy [DIR] [--target T]         deploy or undeploy the project in DIR (default: .),
                                        streaming its output (needs a terminal)
  leo --print-schema                    print the preset's JSON schema
  leo --version | --help

  --out DIR    the project's own folder (default: ./<name>)
  --force      write into a non-empty folder: generated files replace their namesakes
  --dry-run    print the planned tree and the component behind each file (with update and add:
               each file as added, updated, merged, conflict, removed or kept); write nothing
  --set K=V    with update: the answer to change, as a preset key (repeatable)
  --choose P   with update and add, for a project from a Leo before 0.2.0 (no record of what it
               wrote): take the other choice for file P (Leo's version over yours, or leave
               out a missing file rather than add it); repeatable
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
        set: { type: 'string', multiple: true },
        choose: { type: 'string', multiple: true },
        yes: { type: 'boolean', short: 'y', default: false },
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
  if (positionals[0] === 'update' || positionals[0] === 'add') return evolve(positionals, values);
  if (values.set !== undefined || values.choose !== undefined || values.yes) {
    io.err('leo: --set, --choose and --yes go with leo update and leo add');
    return 2;
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
  // `leo DIR`: the session on an existing project.
  const dir = values.preset === undefined && positionals.length === 1 ? positionals[0] : undefined;
  if (positionals.length > (dir === undefined ? 0 : 1)) {
    io.err(`leo: unexpected argument "${positionals[dir === undefined ? 0 : 1]}"\n\n${USAGE}`);
    return 2;
  }
  if (values.preset === undefined) {
    if (values.out || values.force || values['dry-run']) {
      io.err('leo: --out, --force and --dry-run go with --preset FILE');
      return 2;
    }
    return interactive(dir);
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

/** `leo update` and `leo add`: loaded on demand, like preset mode. */
async function evolve(
  positionals: string[],
  values: { preset?: string; set?: string[]; choose?: string[]; out?: string; force?: boolean; target?: string; yes?: boolean; 'dry-run'?: boolean },
): Promise<number> {
  const [command, ...rest] = positionals;
  if (values.out !== undefined || values.force || values.target !== undefined) {
    io.err(`leo: --out, --force and --target do not go with leo ${command}`);
    return 2;
  }
  const expected = command === 'add' ? 2 : 1;
  if (rest.length > expected || (command === 'add' && rest.length < 2)) {
    io.err(`leo: ${command === 'add' ? 'leo add takes a folder and a component: leo add DIR COMPONENT' : `unexpected argument "${rest[1]}"`}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'add' && (values.preset !== undefined || values.set !== undefined)) {
    io.err('leo: --preset and --set go with leo update, not leo add');
    return 2;
  }
  const { runAdd, runUpdate } = await import('./update/command.js');
  const dryRun = values['dry-run'] ?? false;
  // On a terminal the plan is previewed, file by file, before anything is written; one that cannot
  // show the preview writes nothing unasked.
  if (process.stdin.isTTY && process.stdout.isTTY && !fullScreen() && !values.yes && !dryRun) {
    io.err(`leo: the preview of the update ${NEEDS_TERMINAL()}. See the changes with --dry-run, then write them with --yes`);
    return 2;
  }
  const terminal = fullScreen() && !values.yes;
  const confirm = terminal ? (await import('./tui/update/run.js')).confirmUpdate : undefined;
  const choose = values.choose ?? [];
  try {
    return command === 'add'
      ? await runAdd(rest[0]!, rest[1]!, { dryRun, confirm, choose }, catalog, systemProbe(), io)
      : await runUpdate({ dir: rest[0] ?? '.', preset: values.preset, set: values.set ?? [], dryRun, confirm, choose }, catalog, systemProbe(), io);
  } catch (error) {
    if (error instanceof LeoError) return (io.err(`leo: ${error.toString()}`), 1);
    throw error;
  }
}

/**
 * Whether Leo's screens can be drawn: a terminal at both ends, and one that is not dumb (TERM=dumb
 * has no cursor addressing and no alternate screen; a full screen on it would be garbage).
 */
function fullScreen(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && process.env.TERM !== 'dumb';
}

/** What fullScreen() wants, said for the terminal at hand. */
const NEEDS_TERMINAL = () => (process.env.TERM === 'dumb' && process.stdout.isTTY ? 'needs a terminal that can draw a full screen, which TERM=dumb cannot' : 'needs a terminal');

/** The session: a new project, or (`leo DIR`) the generated project in DIR, checked before any screen is drawn. */
async function interactive(dir?: string): Promise<number> {
  let opened;
  if (dir !== undefined) {
    const { openProject } = await import('./project-file.js');
    try {
      opened = openProject(dir, catalog);
    } catch (error) {
      if (!(error instanceof LeoError)) throw error;
      // A typo of a command reads as a folder: name the commands, and how a new project starts.
      const missing = !existsSync(dir);
      io.err(`leo: ${error.toString()}`);
      io.err(
        missing
          ? `leo DIR opens a project Leo generated; to start a new one, run leo alone. Commands: update, add, deploy (see leo --help).`
          : `leo DIR opens a project Leo generated (its folder holds leo.json); to start a new one, run leo alone.`,
      );
      return missing ? 2 : 1;
    }
  }
  if (!fullScreen()) {
    io.err(
      opened
        ? `leo: the interactive session ${NEEDS_TERMINAL()}. Without one, use: leo update ${dir} --set KEY=VALUE (see leo --help)`
        : `leo: the interactive session ${NEEDS_TERMINAL()}. Without one, use: leo --preset FILE (see leo --help)`,
    );
    return 2;
  }
  // Loaded on demand: preset mode never pays for Ink and React.
  const { runTui } = await import('./tui/run.js');
  return runTui(opened);
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
  if (!fullScreen()) {
    io.err(`leo: the deploy screen ${NEEDS_TERMINAL()}. Without one, run in ${project.dir}: ${project.python} ${project.cli} deploy ${target ?? project.targets[0]!.id}`);
    return 2;
  }
  // Loaded on demand, like the session: nothing of Ink until a screen is drawn.
  const { runDeployTui } = await import('./tui/deploy/run.js');
  return runDeployTui(project, target);
}
