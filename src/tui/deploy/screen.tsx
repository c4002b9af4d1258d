import { Box, Text } from 'ink';
import { useContext, useEffect, useRef, useState } from 'react';
import { OutputLog } from '../../deploy/log.js';
import type { CatalogComponent } from '../../catalog/index.js';
import { ACTIONS, type Action, type DeployProject, type Target } from '../../deploy/project.js';
import { type DeployRun, type Outcome, startDeploy } from '../../deploy/runner.js';
import { ChromeContext, type Dialog, Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { windowAround } from '../scroll.js';

interface Choice {
  action: Action;
  /** The target's catalog component: its label and what each action does there. */
  target: CatalogComponent;
}

const VERBS: Record<Action, string> = { deploy: 'Deploy to', undeploy: 'Undeploy from', status: 'Status on' };

/** How often the log and the clock are redrawn while a command runs: a flood of lines costs no more. */
export const REDRAW_MS = 100;

interface Running {
  choice: Choice;
  run: DeployRun;
  started: number;
  ended?: number;
  outcome?: Outcome;
}

/** Where the log view stands: following the end, or from a line (numbered among all lines seen, so the view holds still while old lines are dropped). */
interface View {
  follow: boolean;
  top: number;
}

/**
 * Picks a target and an action, runs the project CLI for them and streams its output. The screen
 * only draws: the runner does the work, and the output is kept in a bounded log. The project has
 * at least one target (both ways in check that).
 */
export function DeployScreen({ project, target, back }: { project: DeployProject; target?: Target; back?: () => void }) {
  const chrome = useContext(ChromeContext)!;
  const choices: Choice[] = project.targets.flatMap((t) => ACTIONS.map((action) => ({ action, target: t })));
  // A preselected target puts the cursor on its first action.
  const [cursor, setCursor] = useState(() => Math.max(0, choices.findIndex((c) => c.target.id === target)));
  const [running, setRunning] = useState<Running>();
  const [view, setView] = useState<View>({ follow: true, top: 0 });
  const [, setRedraws] = useState(0);
  const [asking, setAsking] = useState(false);
  const log = useRef(new OutputLog());
  const page = useRef(1);
  const current = useRef<DeployRun>(undefined);

  const start = (choice: Choice) => {
    const output = new OutputLog();
    log.current = output;
    const run = startDeploy(project, choice.action, choice.target.id, (stream, text) => output.push(stream, text));
    current.current = run;
    setView({ follow: true, top: 0 });
    setRunning({ choice, run, started: Date.now() });
    void run.done.then((outcome) => setRunning((shown) => (shown?.run === run ? { ...shown, outcome, ended: Date.now() } : shown)));
  };
  const busy = running !== undefined && running.outcome === undefined;

  // Redraws on a clock while the command runs, not per line: keys stay responsive whatever floods in.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setRedraws((count) => count + 1), REDRAW_MS);
    return () => clearInterval(timer);
  }, [busy]);
  // Leaving the screen (or Leo) ends what still runs.
  useEffect(() => () => current.current?.cancel(), []);

  // q asks first while a command runs: quitting cancels it. Otherwise q leaves, as everywhere.
  const quit: Binding = { keys: ['q'], label: 'quit', help: 'Quit Leo; while a command runs, asks first (quitting cancels it).', run: () => (busy ? setAsking(true) : chrome.quit()) };
  const quitDialog: Dialog | undefined =
    asking && busy
      ? {
          title: 'Quit while the command runs?',
          text: 'Quitting cancels it and ends every process it started.',
          bindings: [
            { keys: ['y'], label: 'cancel it and quit', help: 'Cancel the command and quit.', run: () => (running!.run.cancel(), chrome.quit()) },
            { keys: ['n', 'esc'], label: 'stay', help: 'Back to the output.', run: () => setAsking(false) },
          ],
        }
      : undefined;
  const bindings: Binding[] = [...(running ? logBindings() : pickBindings()), quit];
  return (
    <Frame step="Deploy" bindings={bindings} dialog={quitDialog}>
      {(rows, columns) => (running ? logView(running, rows, columns) : pickerView(rows, columns))}
    </Frame>
  );

  function pickBindings(): Binding[] {
    const move = (by: number) => () => setCursor((at) => Math.max(0, Math.min(choices.length - 1, at + by)));
    return [
      { keys: ['up', 'k'], shown: 'up/down', label: 'choose', help: 'Move up and down through the actions (also k and j).', run: move(-1) },
      { keys: ['down', 'j'], label: 'down', help: 'Move down.', run: move(1), alias: true },
      { keys: ['enter'], label: 'run', help: 'Run the chosen action; its output streams below.', run: () => start(choices[cursor]!) },
      back
        ? { keys: ['esc'], label: 'back', help: 'Back to the summary of the written project.', run: back }
        : { keys: ['esc'], label: 'quit', help: 'Quit Leo.', run: chrome.quit, quiet: true },
    ];
  }

  function logBindings(): Binding[] {
    const size = log.current.size;
    const dropped = log.current.dropped;
    const last = Math.max(0, size - page.current);
    const topNow = (v: View) => (v.follow ? dropped + last : Math.max(dropped, v.top));
    // Moving to (or past) the end follows the output again.
    const to = (next: (top: number) => number) => () =>
      setView((v) => {
        const top = Math.max(dropped, Math.min(next(topNow(v)), dropped + last));
        return { follow: top >= dropped + last, top };
      });
    const scrolling: Binding[] = [
      { keys: ['up', 'k'], shown: 'up/down', label: 'scroll', help: 'Scroll the output up or down by a line (also k and j).', run: to((top) => top - 1) },
      { keys: ['down', 'j'], label: 'down', help: 'Scroll down.', run: to((top) => top + 1), alias: true },
      { keys: ['pgup', 'b'], shown: 'PgUp/PgDn', label: 'page', help: 'Up or down by a page (also b and space).', run: to((top) => top - page.current) },
      { keys: ['pgdn', 'space'], label: 'page down', help: 'Down by a page.', run: to((top) => top + page.current), alias: true },
      { keys: ['home', 'g'], label: 'top', help: 'To the oldest line kept.', run: to(() => 0), quiet: true },
      { keys: ['end', 'G'], label: 'end', help: 'To the end, following the output.', run: to(() => Number.MAX_SAFE_INTEGER), quiet: true },
      {
        keys: ['f'],
        label: view.follow ? 'pause' : 'follow',
        help: 'Follow the output as it comes, or hold the view still.',
        run: () => setView((v) => ({ follow: !v.follow, top: topNow(v) })),
      },
    ];
    if (busy) {
      const cancel = () => running!.run.cancel();
      return [
        { keys: ['esc'], label: 'cancel', help: 'Cancel: end the command and every process it started.', run: cancel },
        { keys: ['ctrl-c'], label: 'cancel', help: 'Cancel, as esc does (Ctrl-C leaves Leo at once on every other screen).', run: cancel, quiet: true },
        ...scrolling,
      ];
    }
    return [
      { keys: ['r'], label: 'rerun', help: 'Run the same action again.', run: () => start(running!.choice) },
      { keys: ['esc'], label: 'back', help: 'Back to the choice of action.', run: () => setRunning(undefined) },
      ...scrolling,
    ];
  }

  function pickerView(rows: number, columns: number) {
    const chosen = choices[cursor]!;
    const about = [...wrap(chosen.target.deployTarget![chosen.action], columns - 2), ...wrap(`Runs: ${project.python} ${project.cli} ${chosen.action} ${chosen.target.id}`, columns - 2)];
    // In the rows there are: the project, the actions around the cursor (the row Enter runs is never
    // cut), then what the chosen one does, with blank lines between only when all of it fits.
    const { first, visible } = windowAround(choices, cursor, Math.min(choices.length, Math.max(1, rows - 1)));
    const spare = rows - 1 - visible.length;
    const spaced = spare >= about.length + 2;
    const lines = [...(spaced ? [' '] : []), ...visible.map((choice, index) => ({ choice, index: first + index })), ...(spaced ? [' '] : []), ...about.slice(0, spare - (spaced ? 2 : 0))];
    return (
      <Box flexDirection="column" paddingLeft={1} height={rows}>
        <Text bold wrap="truncate-end">{`${project.name}  ${project.dir}`}</Text>
        {lines.map((line, row) =>
          typeof line === 'string' ? (
            <Text key={row} dimColor wrap="truncate-end">
              {line}
            </Text>
          ) : (
            <Text key={row} inverse={line.index === cursor} wrap="truncate-end">
              {`${line.index === cursor ? '> ' : '  '}${VERBS[line.choice.action]} ${line.choice.target.label}`}
            </Text>
          ),
        )}
      </Box>
    );
  }

  function logView(running: Running, rows: number, columns: number) {
    const output = log.current;
    const height = Math.max(1, rows - 2);
    page.current = height;
    const last = Math.max(0, output.size - height);
    const first = view.follow ? last : Math.min(Math.max(0, view.top - output.dropped), last);
    const lines = output.slice(first, first + height);
    // Long lines wrap, as in a terminal (an error message matters most at its end): following, the
    // rows end with the last line; held still, they start with the top one.
    const wrapped = lines.flatMap((line, index) => rowsOf(line.text, columns).map((text) => ({ stream: line.stream, text, index })));
    const visible = view.follow ? wrapped.slice(-height) : wrapped.slice(0, height);
    // The range counts the lines on screen, not those the wrapping of others pushed off it.
    const shownLine = (row: { index: number } | undefined) => output.dropped + first + (row?.index ?? 0) + 1;
    const range = output.size === 0 ? 'no output yet' : `lines ${shownLine(visible[0])}-${shownLine(visible.at(-1))} of ${output.total}`;
    const kept = output.dropped > 0 ? ` (${output.size} kept)` : '';
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate-end">{`$ ${running.run.command}`}</Text>
        <Text wrap="truncate-end">
          <Status running={running} />
          <Text dimColor>{`  ${range}${kept}${view.follow ? '' : '  paused'}`}</Text>
        </Text>
        {visible.map((row, index) => (
          <Text key={index} wrap="truncate-end" color={row.stream === 'stderr' ? 'red' : undefined}>
            {row.text || ' '}
          </Text>
        ))}
      </Box>
    );
  }
}

const COLOURS = /\u001B\[[0-9;]*m/g;

/** A line as rows of the given width; a wrapped line loses its colours (they could not be split safely). */
function rowsOf(text: string, columns: number): string[] {
  const plain = text.replace(COLOURS, '');
  if (plain.length <= columns) return [text];
  const rows: string[] = [];
  for (let at = 0; at < plain.length; at += columns) rows.push(plain.slice(at, at + columns));
  return rows;
}

function Status({ running }: { running: Running }) {
  const { outcome, started, ended } = running;
  const seconds = `${(((ended ?? Date.now()) - started) / 1000).toFixed(1)} s`;
  if (!outcome) return <Text color="yellow">{`running ${seconds}`}</Text>;
  if (outcome.cancelled) return <Text color="yellow">{`cancelled after ${seconds}`}</Text>;
  if (outcome.problem) return <Text color="red">{outcome.problem}</Text>;
  if (outcome.status === 0) return <Text color="green">{`done in ${seconds}: exit status 0`}</Text>;
  return <Text color="red">{`failed after ${seconds}: exit status ${outcome.status ?? 'none (ended by a signal)'}`}</Text>;
}
