import { Box, Text } from 'ink';
import { useContext, useState } from 'react';
import { type Generated, portRows } from '../../pipeline/index.js';
import { inspectTarget, planCreate } from '../../update/update-plan.js';
import { LeoError, attempt } from '../../errors.js';
import { treeRows } from '../../tree.js';
import { shownPath } from '../../paths.js';
import { parentProblem } from '../folder.js';
import { ChromeContext, type Dialog, Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { Lines, Paragraph } from '../list.js';
import { treeGlyphs } from '../terminal-caps.js';
import { useScroll, windowAround } from '../scroll.js';
import { Viewer, fileLines } from './viewer.js';

interface Props {
  /** The planned and rendered project, or why it could not be planned or rendered. */
  generated: Generated | { problem: string };
  /** The tree's root label: the folder as the person gave it, as `--dry-run` prints it. */
  root: string;
  target: string;
  back(): void;
  write(force: boolean): void;
  chooseFolder(): void;
}

/**
 * Screen 3: the planned tree with the component behind each file (the lines `--dry-run` prints),
 * any file's rendered content, and the port table of the chosen services.
 */
export function PreviewScreen({ generated, root, target, back, write, chooseFolder }: Props) {
  const rows = 'problem' in generated ? [] : treeRows(root, generated.files);
  const ports = 'problem' in generated ? [] : portTable(generated);
  const [panel, setPanel] = useState<'files' | 'ports'>('files');
  const files = useScroll(() => rows.length, 'the files');
  const portScroll = useScroll(() => ports.length - 1, 'the ports');
  const [open, setOpen] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>();
  const chrome = useContext(ChromeContext)!;

  if ('problem' in generated) return <CannotPreview text={`cannot build: ${generated.problem}`} back={back} />;
  const opened = generated.rendered.find((f) => f.path === open);
  if (opened) return <Viewer path={opened.path} about={`from ${opened.component}`} lines={fileLines(opened)} numbered close={() => setOpen(undefined)} />;

  const shown = shownPath(target);
  const overwrite = (replaced: string[]): Dialog => ({
    title: `${shown} exists and is not empty`,
    text: `Overwrite: ${describeReplaced(replaced)}; every other file stays. Or choose another folder.`,
    bindings: [
      { keys: ['o'], label: 'overwrite', help: 'Write into the folder anyway.', run: () => write(true) },
      { keys: ['c'], label: 'choose another folder', help: 'Back to the project screen, at the folder.', run: chooseFolder },
      { keys: ['esc'], label: 'cancel', help: 'Back to the preview.', run: () => setDialog(undefined) },
    ],
  });
  const cannotWrite = (problem: string) =>
    setDialog({
      title: 'Cannot write there',
      text: `${problem}. Nothing was written; the answers are kept.`,
      bindings: [
        { keys: ['c'], label: 'choose another folder', help: 'Back to the project screen, at the folder.', run: chooseFolder },
        { keys: ['esc'], label: 'cancel', help: 'Back to the preview.', run: () => setDialog(undefined) },
      ],
    });
  const startWrite = () => {
    let state;
    try {
      state = inspectTarget(target);
    } catch (error) {
      if (!(error instanceof LeoError)) throw error;
      return cannotWrite(`${shown} exists and is not a folder`);
    }
    const problem = parentProblem(target);
    if (problem) return cannotWrite(problem);
    if (state === 'non-empty') {
      // The same change set the write applies: the files of the person's that it replaces, named first.
      const planned = attempt(() => planCreate(target, generated, true));
      if ('problem' in planned) return cannotWrite(planned.problem);
      return setDialog(overwrite(planned.files.filter((f) => f.status === 'replaced').map((f) => f.path)));
    }
    write(false);
  };
  const file = rows[files.position]?.file;
  // The port table's rows follow the terminal's height alone, so the keys know them before drawing.
  // A short terminal keeps its rows for the tree, and tab shows the ports in its place.
  const portRows = ports.length > 0 && chrome.size.rows >= 16 ? Math.floor((chrome.size.rows - 4) / 3) : 0;
  const scroll = panel === 'files' ? files : portScroll;
  const bindings: Binding[] = [
    ...scroll.bindings,
    ...(panel === 'files' && file ? [{ keys: ['enter'], label: 'open file', help: 'Read the rendered file under the cursor.', run: () => setOpen(file) }] : []),
    // The port table takes focus only when it is too long to show whole; from it, tab always leads back.
    ...(ports.length - 1 > portRows || panel === 'ports'
      ? [{ keys: ['tab', 'shift-tab'], shown: 'tab', label: panel === 'files' ? 'ports' : 'files', help: 'Switch between the files and the ports.', run: () => setPanel(panel === 'files' ? 'ports' : 'files') }]
      : []),
    { keys: ['w'], label: 'write', help: `Write the project to ${shown}.`, run: startWrite },
    { keys: ['esc'], label: 'back', help: 'Back to the components.', run: back },
  ];

  return (
    <Frame step={2} bindings={bindings} dialog={dialog}>
      {(height, columns) => {
        const alone = portRows === 0 && panel === 'ports';
        // Wrapped, not cut: a long folder is shown whole.
        const heading = wrap(`Files: ${generated.files.length} to be written to ${shown}`, columns - 1);
        const portRowsShown = alone ? Math.max(1, height - 2) : Math.min(ports.length - 1, portRows);
        const treeHeight = alone ? 0 : Math.max(1, height - heading.length - (portRowsShown > 0 ? portRowsShown + 2 : 0));
        files.page.current = treeHeight;
        portScroll.page.current = portRowsShown;
        const tree = windowAround(rows, files.position, treeHeight);
        const portWindow = windowAround(ports.slice(1), portScroll.position, portRowsShown);
        return (
          <Box flexDirection="column" paddingLeft={1}>
            {!alone && (
              <>
                <Text bold color={panel === 'files' ? 'cyan' : undefined}>
                  {heading.join('\n')}
                </Text>
                <Box height={treeHeight} flexDirection="column" flexShrink={0} overflowY="hidden">
                  <Lines lines={tree.visible.map((row) => treeGlyphs(row.line))} first={tree.first} cursor={panel === 'files' ? files.position : undefined} />
                </Box>
              </>
            )}
            {portRowsShown > 0 && (
              <>
                <Text bold color={panel === 'ports' ? 'cyan' : undefined}>
                  Ports
                </Text>
                <Text dimColor wrap="truncate-end">{`  ${ports[0]}`}</Text>
                <Lines lines={portWindow.visible} first={portWindow.first} cursor={panel === 'ports' ? portScroll.position : undefined} />
              </>
            )}
          </Box>
        );
      }}
    </Frame>
  );
}

/** The preview's place when the answers cannot be built (or the update planned): why, and the way back. */
export function CannotPreview({ text, back }: { text: string; back(): void }) {
  const bindings: Binding[] = [{ keys: ['esc'], label: 'back', help: 'Back to the components.', run: back }];
  return (
    <Frame step={2} bindings={bindings}>
      {(_, columns) => (
        <Box paddingLeft={1}>
          <Paragraph color="red" width={columns - 2} text={text} />
        </Box>
      )}
    </Frame>
  );
}

/** The port table of the chosen services, a header line first. */
function portTable(generated: Generated): string[] {
  const table = portRows(generated.resolution).map((p) => [
    p.service,
    `${p.host ? `${p.host}:` : ''}${p.port}/${p.protocol}`,
    p.published ? 'published' : 'not published',
  ]);
  const header = ['service', 'port', 'on the host'];
  const widths = [0, 1].map((i) => Math.max(header[i]!.length, ...table.map((row) => row[i]!.length)) + 2);
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('').trimEnd();
  return [line(header), ...table.map(line)];
}

/** The files a forced write replaces, as the overwrite dialog names them: a few, then a count. */
function describeReplaced(paths: string[]): string {
  if (paths.length === 0) return 'no file there has the name of a generated one';
  const named = paths.slice(0, 5).join(', ');
  return `these files there are replaced: ${named}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`;
}
