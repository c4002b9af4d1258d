import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { LeoError } from '../../errors.js';
import { deployTargets, type Generated, nextCommands, writeProject } from '../../pipeline/index.js';
import { shownPath } from '../folder.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { Paragraph } from '../list.js';

interface Props {
  generated: Generated;
  target: string;
  force: boolean;
  /** The files already written, when the screen comes back to its summary (from the deploy screen). */
  written?: string[];
  /** The files written, and the summary to print on the main screen once Leo has left the full screen. */
  onWritten(files: string[], summary: string[]): void;
  back(): void;
  /** Back to the project screen, at the folder. */
  chooseFolder(): void;
  quit(): void;
  /** Opens the deploy screen on the written project. */
  deploy(): void;
}

type State = { phase: 'writing' } | { phase: 'done'; files: string[] } | { phase: 'failed'; problem: string };

/** Screen 4: the write itself (the same writeProject as preset mode), then what to run next. */
export function WriteScreen({ generated, target, force, written, onWritten, back, chooseFolder, quit, deploy }: Props) {
  const [state, setState] = useState<State>(written ? { phase: 'done', files: written } : { phase: 'writing' });
  useEffect(() => {
    if (written) return;
    // The write is synchronous: a timer lets the "writing" frame reach the terminal first.
    const timer = setTimeout(() => {
      const files: string[] = [];
      try {
        writeProject(generated.rendered, target, { force, onFile: (path) => files.push(path) });
      } catch (error) {
        if (!(error instanceof LeoError)) throw error;
        return setState({ phase: 'failed', problem: error.toString() });
      }
      setState({ phase: 'done', files });
      onWritten(files, [`${files.length} files written to ${shownPath(target)}`, 'Next:', ...nextCommands(generated.resolution, target).map((command) => `  ${command}`)]);
    });
    return () => clearTimeout(timer);
  }, []);

  const shown = shownPath(target);
  const total = generated.rendered.length;
  const targets = deployTargets(generated.resolution);
  const bindings: Binding[] =
    state.phase === 'done'
      ? [
          ...(targets.length > 0 ? [{ keys: ['d'], label: 'deploy', help: `Deploy the project: ${targets.map((t) => t.label).join(' or ')}, output streamed.`, run: deploy }] : []),
          { keys: ['enter', 'esc'], label: 'quit', help: 'Leave Leo; the project is written.', run: quit, quiet: true },
        ]
      : state.phase === 'failed'
        ? [
            { keys: ['c'], label: 'choose another folder', help: 'Back to the project screen, at the folder; the answers are kept.', run: chooseFolder },
            { keys: ['esc'], label: 'back', help: 'Back to the preview.', run: back },
          ]
        : [];
  const components = new Map(generated.rendered.map((f) => [f.path, f.component]));
  const next = state.phase === 'done' ? nextCommands(generated.resolution, target) : [];

  return (
    <Frame step={3} bindings={bindings}>
      {(rows, columns) => {
        const files = state.phase === 'done' ? state.files : [];
        const commandLines = next.reduce((sum, command) => sum + wrap(command, columns - 4).length, 0);
        const heading = wrap(
          state.phase === 'done' ? `${files.length}/${total} files written to ${shown}` : state.phase === 'failed' ? `Nothing written to ${shown}` : `Writing ${total} files to ${shown}...`,
          columns - 2,
        );
        const problemLines = state.phase === 'failed' ? wrap(`cannot write: ${state.problem}`, columns - 2) : [];
        const summary = state.phase === 'done' ? commandLines + 2 : problemLines.length + 1;
        const listRows = Math.max(0, rows - heading.length - summary);
        const listed = files.slice(Math.max(0, files.length - listRows));
        return (
          <Box flexDirection="column" paddingLeft={1}>
            <Text bold>{heading.join('\n')}</Text>
            {state.phase !== 'failed' && (
              <Box flexDirection="column" height={listRows}>
                {listed.map((path) => (
                  <Text key={path} wrap="truncate-end">
                    <Text color="green">ok </Text>
                    {path}
                    <Text dimColor>{`  ${components.get(path)}`}</Text>
                  </Text>
                ))}
              </Box>
            )}
            {state.phase === 'failed' && <Text color="red">{['', ...problemLines].join('\n')}</Text>}
            {state.phase === 'done' && (
              <>
                <Text bold color="green">
                  {'\n'}Done. Next:
                </Text>
                {next.map((command) => (
                  <Box key={command} paddingLeft={2}>
                    <Paragraph width={columns - 4} text={command} />
                  </Box>
                ))}
              </>
            )}
          </Box>
        );
      }}
    </Frame>
  );
}
