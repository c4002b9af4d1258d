import { Box, Text } from 'ink';
import { type ReactNode, useEffect, useState } from 'react';
import { LeoError } from '../../errors.js';
import { deployTargets, type Generated, nextCommands, type Resolution } from '../../pipeline/index.js';
import { applyUpdate } from '../../update/apply.js';
import { type UpdatePlan, planCreate } from '../../update/update-plan.js';
import { shownPath } from '../../paths.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { Paragraph } from '../list.js';
import { useScroll } from '../scroll.js';
import { STATUS_COLOURS } from '../update/files.js';

/** One line of the write's report: what happened to a file. */
export interface WrittenRow {
  mark: string;
  colour: string;
  path: string;
  note: string;
}

export interface WriteReport {
  heading: string;
  /** The first line of the summary on the main screen, after the session. */
  summary: string;
  rows: WrittenRow[];
  /** What the person must still do, in red before the next commands (conflicts to resolve). */
  problems: string[];
}

/** What the write screen runs: a new project's write, or an opened project's update. */
export interface WriteJob {
  /** The heading while it runs, and after a failure. */
  writing: string;
  failed: string;
  /** Writes; throws a LeoError when it cannot (having changed nothing). */
  run(): WriteReport;
  /** The selection written: its deploy targets and next commands. */
  resolution: Resolution;
  /** Where the project is. */
  target: string;
  /** After a failure: back to the folder field (a new project; an update has its folder). */
  chooseFolder?: () => void;
}

/** The write of a new project: the same change set, and the same apply, as preset mode and `leo update`. */
export function projectJob(generated: Generated, target: string, force: boolean, chooseFolder: () => void): WriteJob {
  const shown = shownPath(target);
  return {
    writing: `Writing ${generated.rendered.length} files to ${shown}...`,
    failed: `Nothing written to ${shown}: every file there is as it was`,
    run() {
      const plan = planCreate(target, generated, force);
      const byPath = new Map(plan.files.map((f) => [f.path, f]));
      const { written } = applyUpdate(plan);
      return {
        heading: `${written.length}/${generated.rendered.length} files written to ${shown}`,
        summary: `${written.length} files written to ${shown}`,
        rows: written.map((path) => {
          const file = byPath.get(path)!;
          return file.status === 'replaced'
            ? { mark: 'replaced', colour: STATUS_COLOURS.replaced, path, note: file.component }
            : { mark: 'ok', colour: 'green', path, note: file.component };
        }),
        problems: [],
      };
    },
    resolution: generated.resolution,
    target,
    chooseFolder,
  };
}

/** The update of an opened project: the same atomic apply as `leo update`, leo.json last. */
export function updateJob(plan: UpdatePlan): WriteJob {
  const shown = shownPath(plan.dir);
  const byPath = new Map(plan.files.map((f) => [f.path, f]));
  return {
    writing: `Updating ${shown}...`,
    failed: `${shown} is as it was`,
    run() {
      const { written, removed } = applyUpdate(plan);
      const rows = [...written, ...removed].map((path) => {
        const file = byPath.get(path)!;
        return { mark: file.status, colour: STATUS_COLOURS[file.status], path, note: file.component };
      });
      const conflicts = plan.files.filter((f) => f.status === 'conflict' && f.after !== undefined).map((f) => f.path);
      const heading = `${shown} updated: ${written.length} files written, ${removed.length} removed`;
      return {
        heading,
        summary: heading,
        rows,
        problems: conflicts.length > 0 ? [`Resolve the conflict markers (<<<<<<< yours ... >>>>>>> leo update) in: ${conflicts.join(', ')}`] : [],
      };
    },
    resolution: plan.resolution,
    target: plan.dir,
  };
}

interface Props {
  job: WriteJob;
  /** The report, when the screen comes back to it (from the deploy screen). */
  done?: WriteReport;
  /** The report, and the summary to print on the main screen once Leo has left the full screen. */
  onDone(report: WriteReport, summary: string[]): void;
  back(): void;
  quit(): void;
  /** Opens the deploy screen on the written project. */
  deploy(): void;
}

type State = { phase: 'writing' } | { phase: 'done'; report: WriteReport } | { phase: 'failed'; problem: string };

/** Screen 4: the write itself, then what to run next. */
export function WriteScreen({ job, done, onDone, back, quit, deploy }: Props) {
  const [state, setState] = useState<State>(done ? { phase: 'done', report: done } : { phase: 'writing' });
  const next = nextCommands(job.resolution, job.target);
  useEffect(() => {
    if (done) return;
    // The write is synchronous: a timer lets the "writing" frame reach the terminal first.
    const timer = setTimeout(() => {
      let report: WriteReport;
      try {
        report = job.run();
      } catch (error) {
        if (!(error instanceof LeoError)) throw error;
        return setState({ phase: 'failed', problem: error.toString() });
      }
      setState({ phase: 'done', report });
      onDone(report, [report.summary, ...report.problems, 'Next:', ...next.map((command) => `  ${command}`)]);
    });
    return () => clearTimeout(timer);
  }, []);

  const targets = deployTargets(job.resolution);
  const written = state.phase === 'done' ? state.report.rows : [];
  // The list of files scrolls when it is longer than the rows it gets; the position is its first row shown.
  const list = useScroll((page) => written.length - page + 1, 'the files written');
  const bindings: Binding[] =
    state.phase === 'done'
      ? [
          // Out of the help bar: the list says itself when it scrolls.
          ...list.bindings.map((b) => ({ ...b, quiet: true })),
          // Not with conflict markers left in the files: they would be built into the image.
          ...(targets.length > 0 && state.report.problems.length === 0 ? [{ keys: ['d'], label: 'deploy', help: `Deploy the project: ${targets.map((t) => t.label).join(' or ')}, output streamed.`, run: deploy }] : []),
          { keys: ['enter', 'esc'], label: 'quit', help: 'Leave Leo; the project is written.', run: quit, quiet: true },
        ]
      : state.phase === 'failed'
        ? [
            ...(job.chooseFolder
              ? [{ keys: ['c'], label: 'choose another folder', help: 'Back to the project screen, at the folder; the answers are kept.', run: job.chooseFolder }]
              : []),
            { keys: ['esc'], label: 'back', help: 'Back to the preview.', run: back },
          ]
        : [];

  return (
    <Frame step={3} bindings={bindings}>
      {(rows, columns) => {
        const report = state.phase === 'done' ? state.report : undefined;
        const commandLines = report ? next.reduce((sum, command) => sum + wrap(command, columns - 4).length, 0) : 0;
        const heading = wrap(report ? report.heading : state.phase === 'failed' ? job.failed : job.writing, columns - 2);
        const problemLines = (state.phase === 'failed' ? [`cannot write: ${state.problem}`] : (report?.problems ?? [])).flatMap((p) => wrap(p, columns - 2));
        const summary = (report ? commandLines + 2 : 1) + problemLines.length;
        const room = Math.max(0, rows - heading.length - summary);
        // A list longer than its rows gives one of them to saying which files are shown.
        const scrolled = written.length > room && room > 1;
        const listRows = scrolled ? room - 1 : room;
        list.page.current = Math.max(1, listRows);
        const listed = written.slice(list.position, list.position + listRows);
        // Clipped at the bottom where the rows run out: never squeezed, which draws lines over each other.
        return (
          <Box flexDirection="column" paddingLeft={1} height={rows} overflowY="hidden">
            <Kept>
              <Text bold>{heading.join('\n')}</Text>
            </Kept>
            {state.phase !== 'failed' && (
              <Box flexDirection="column" height={listRows} flexShrink={0}>
                {listed.map((row) => (
                  <Text key={row.path} wrap="truncate-end">
                    <Text color={row.colour}>{`${row.mark} `}</Text>
                    {row.path}
                    <Text dimColor>{`  ${row.note}`}</Text>
                  </Text>
                ))}
              </Box>
            )}
            {scrolled && (
              <Kept>
                <Text dimColor wrap="truncate-end">{`files ${list.position + 1}-${list.position + listed.length} of ${written.length} (up/down, PgUp/PgDn scroll)`}</Text>
              </Kept>
            )}
            {problemLines.length > 0 && (
              <Kept>
                <Text color="red">{[...(state.phase === 'failed' ? [''] : []), ...problemLines].join('\n')}</Text>
              </Kept>
            )}
            {report && (
              <Kept>
                <Text bold color="green">
                  {'\n'}Done. Next:
                </Text>
                {next.map((command) => (
                  <Box key={command} paddingLeft={2}>
                    <Paragraph width={columns - 4} text={command} />
                  </Box>
                ))}
              </Kept>
            )}
          </Box>
        );
      }}
    </Frame>
  );
}

/** Rows that keep their height when the screen is short: what does not fit is clipped below. */
function Kept({ children }: { children: ReactNode }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {children}
    </Box>
  );
}
