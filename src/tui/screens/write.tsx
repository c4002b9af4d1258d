import { Box, Text } from 'ink';
import { relative } from 'node:path';
import { useEffect, useState } from 'react';
import { LeoError } from '../../errors.js';
import { deployTargets, type Generated, nextCommands, writeProject } from '../../pipeline/index.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { Paragraph } from '../list.js';

interface Props {
  generated: Generated;
  target: string;
  force: boolean;
  written(): void;
  back(): void;
  quit(): void;
  /** Opens the deploy screen on the written project. */
  deploy(): void;
}

type State = { phase: 'writing' } | { phase: 'done'; files: string[] } | { phase: 'failed'; problem: string };

/** Screen 4: the write itself (the same writeProject as preset mode), then what to run next. */
export function WriteScreen({ generated, target, force, written, back, quit, deploy }: Props) {
  const [state, setState] = useState<State>({ phase: 'writing' });
  useEffect(() => {
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
      written();
    });
    return () => clearTimeout(timer);
  }, []);

  const shown = relative(process.cwd(), target) || '.';
  const total = generated.rendered.length;
  const targets = deployTargets(generated.resolution);
  const bindings: Binding[] =
    state.phase === 'done'
      ? [
          ...(targets.length > 0 ? [{ keys: ['d'], label: 'deploy', help: `Deploy the project: ${targets.map((t) => t.label).join(' or ')}, output streamed.`, run: deploy }] : []),
          { keys: ['enter'], label: 'quit', help: 'Leave Leo; the project is written.', run: quit, quiet: true },
        ]
      : state.phase === 'failed'
        ? [{ keys: ['esc'], label: 'back', help: 'Back to the preview.', run: back }]
        : [];
  const components = new Map(generated.rendered.map((f) => [f.path, f.component]));
  const next = state.phase === 'done' ? nextCommands(generated.resolution, target) : [];

  return (
    <Frame step={3} bindings={bindings}>
      {(rows, columns) => {
        const files = state.phase === 'done' ? state.files : [];
        const commandLines = next.reduce((sum, command) => sum + wrap(command, columns - 4).length, 0);
        const summary = state.phase === 'done' ? commandLines + 2 : state.phase === 'failed' ? 2 : 0;
        const listRows = Math.max(0, rows - 1 - summary);
        const listed = files.slice(Math.max(0, files.length - listRows));
        return (
          <Box flexDirection="column" paddingLeft={1}>
            <Text bold>
              {state.phase === 'done' ? `${files.length}/${total} files written to ${shown}` : `Writing ${total} files to ${shown}...`}
            </Text>
            <Box flexDirection="column" height={listRows}>
              {listed.map((path) => (
                <Text key={path} wrap="truncate-end">
                  <Text color="green">ok </Text>
                  {path}
                  <Text dimColor>{`  ${components.get(path)}`}</Text>
                </Text>
              ))}
            </Box>
            {state.phase === 'failed' && (
              <Text color="red">
                {'\n'}cannot write: {state.problem}
              </Text>
            )}
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
