import { Box, Text } from 'ink';
import { Fragment, type ReactNode, useState } from 'react';
import type { Answers } from '../../pipeline/index.js';
import type { Catalog } from '../../catalog/index.js';
import { LeoError, attempt } from '../../errors.js';
import { nameProblem } from '../../preset/name.js';
import { type OpenedProject, openProject } from '../../project-file.js';
import { inspectTarget } from '../../update/update-plan.js';
import { shownPath } from '../../paths.js';
import { parentProblem, resolveFolder } from '../folder.js';
import { useExplanationReader } from '../explain.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { Choice, Explanation, Paragraph } from '../list.js';
import { windowAround } from '../scroll.js';
import { styled } from '../terminal-caps.js';
import { type Outcome, PROJECT_CATEGORY, isChosen, options, pick } from '../selection.js';
import { type TextField, fieldWindow, useTextField } from '../text-field.js';

export type ProjectField = 'name' | 'folder' | 'model' | 'open';
const FIELDS: ProjectField[] = ['name', 'folder', 'model', 'open'];
/** An opened project keeps its name and folder: only the model type is asked here. */
const OPENED_FIELDS: ProjectField[] = ['model'];
const LABEL_WIDTH = 17;
/** Below this many rows, only the focused field is shown. */
const ALL_FIELDS_ROWS = 14;

interface Props {
  catalog: Catalog;
  answers: Answers;
  setAnswers(answers: Answers): void;
  folder: string;
  setFolder(folder: string): void;
  /** The absolute folder the project goes to, once there is a name or a folder. */
  target: string | undefined;
  initialField: ProjectField;
  /** resolve() on the current answers: a component chosen later may take the model type's place. */
  outcome: Outcome;
  /** The generated project the session changes, once one is opened. */
  opened: OpenedProject | undefined;
  /** Loads a generated project's answers: the session then updates it. */
  open(project: OpenedProject): void;
  next(): void;
  quit(): void;
}

/**
 * Screen 1: the project's name (checked as it is typed), its folder and the model type; or the
 * folder of an existing project to open instead.
 */
export function ProjectScreen({ catalog, answers, setAnswers, folder, setFolder, target, initialField, outcome, opened, open, next, quit }: Props) {
  const fields = opened ? OPENED_FIELDS : FIELDS;
  const [field, setField] = useState<ProjectField>(fields.includes(initialField) ? initialField : fields[0]!);
  const [blocked, setBlocked] = useState(false);
  const models = options(catalog, catalog.category(PROJECT_CATEGORY));
  const [cursor, setCursor] = useState(Math.max(0, models.findIndex((o) => isChosen(answers, catalog.category(PROJECT_CATEGORY), o))));
  const name = useTextField(answers.name, (value) => {
    setBlocked(false);
    setAnswers({ ...answers, name: value });
  });
  const folderField = useTextField(folder, setFolder);
  const [openPath, setOpenPath] = useState('');
  const [openBlocked, setOpenBlocked] = useState(false);
  const openField = useTextField(openPath, (value) => {
    setOpenBlocked(false);
    setOpenPath(value);
  });
  const toOpen = openPath === '' ? undefined : attempt(() => openProject(resolveFolder(openPath), catalog));
  const problem = nameProblem(answers.name, catalog);
  const modelCategory = catalog.category(PROJECT_CATEGORY);
  const replacedBy = outcome.resolution?.components.find((c) => c.replaces === PROJECT_CATEGORY);
  const reader = useExplanationReader(0, field === 'model' ? models[cursor] : undefined, catalog);

  const go = (step: number) => setField(fields[(fields.indexOf(field) + step + fields.length) % fields.length]!);
  const confirm = () => {
    if (problem) {
      setBlocked(true);
      setField('name');
    } else next();
  };
  const openIt = () => {
    if (toOpen && !('problem' in toOpen)) {
      open(toOpen);
      setField('model');
    } else setOpenBlocked(true);
  };
  const editing = field === 'name' ? name : field === 'folder' ? folderField : field === 'open' ? openField : undefined;
  const bindings: Binding[] = [
    ...(editing
      ? [
          { keys: ['tab', 'down'], shown: 'tab/down', label: 'next field', help: 'Go to the next field.', run: () => go(1) },
          { keys: ['shift-tab', 'up'], shown: 'shift-tab/up', label: 'previous', help: 'Go to the previous field.', run: () => go(-1), quiet: true },
          field === 'open'
            ? { keys: ['enter'], label: 'open', help: 'Open the project in the folder typed: its answers are loaded, and the write updates it.', run: openIt }
            : { keys: ['enter'], label: 'next field', help: 'Go to the next field.', run: () => go(1), quiet: true },
          ...editing.bindings,
        ]
      : [
          { keys: ['up', 'k'], shown: 'up/down', label: 'move', help: 'Move up and down through the model types (also k and j).', run: () => setCursor(Math.max(0, cursor - 1)) },
          { keys: ['down', 'j'], label: 'down', help: 'Move through the model types.', run: () => setCursor(Math.min(models.length - 1, cursor + 1)), alias: true },
          { keys: ['space'], label: 'select', help: 'Choose the model type under the cursor.', run: () => setAnswers(pick(answers, modelCategory, models[cursor]!)) },
          ...(fields.length > 1
            ? [
                { keys: ['tab'], shown: 'tab/shift-tab', label: 'field', help: 'Go to the next field (shift-tab: the previous one).', run: () => go(1) },
                { keys: ['shift-tab'], label: 'previous field', help: 'Go to the previous field.', run: () => go(-1), alias: true },
              ]
            : []),
          // Enter goes on with the model type chosen (space chooses), as on the components screen.
          { keys: ['enter'], label: 'continue', help: 'Go on to the components (the name must be valid).', run: confirm },
        ]),
    ...(opened
      ? []
      : [{ keys: ['ctrl-o'], label: 'open project', help: 'Open an existing project instead: go to the field for its folder.', run: () => setField('open'), quiet: true }]),
    ...reader.bindings,
    // Escape has nowhere to go back to from the first screen, so it asks to quit.
    { keys: ['esc'], label: 'quit', help: 'Quit Leo (asks first when answers would be lost).', run: quit, quiet: !editing },
  ];
  if (reader.viewer) return reader.viewer;

  return (
    <Frame step={0} bindings={bindings} typing={editing?.type}>
      {(rows, columns) => {
        const width = columns - 2 - LABEL_WIDTH;
        const folderNote = opened ? { text: 'updated in place: each file is previewed before anything is written', dimColor: true } : describeFolder(target);
        const explained = width - Math.floor(width / 2) >= 20;
        const all = rows >= ALL_FIELDS_ROWS;
        const nameHint = 'a lower snake_case Python identifier; also the package name';
        const nameNote = opened
          ? wrap(OPENED_NAME, width).length
          : problem === undefined
            ? 1
            : answers.name === '' && !blocked
              ? wrap(nameHint, width).length
              : wrap(`invalid: ${problem}`, width).length + (blocked ? 1 : 0);
        const openNote = describeOpen(openPath, toOpen, openBlocked);
        const openShown = !opened && (all || field === 'open');
        const openNoteShown = field === 'open' || openPath !== '';
        const openRows = openShown ? 1 + (openNoteShown ? wrap(openNote.text, width).length : 0) : 0;
        const replacedNote = replacedBy ? `${replacedBy.label} takes the place of the model type: the choice below is left out while it is on.` : undefined;
        // The rows above the model list, so that the list (scrolled to its cursor) takes the rest.
        const above =
          (all || field === 'name' ? 1 + nameNote : 0) +
          (all || field === 'folder' ? 1 + wrap(folderNote.text, width).length : 0) +
          (all ? wrap(modelCategory.description, width).length : 1) +
          (replacedNote ? wrap(replacedNote, width).length : 0) +
          openRows;
        const listRows = Math.max(1, rows - above);
        const modelWindow = windowAround(models, cursor, listRows);
        return (
          // Too short for every field, the screen shows the focused one alone, whole.
          <Box flexDirection="column" paddingX={1} height={rows} overflowY="hidden">
            {(all || field === 'name') && (
              <>
                <Row label="Project name" focused={field === 'name'}>
                  {opened ? <Text wrap="truncate-end">{answers.name}</Text> : <Input field={name} focused={field === 'name'} placeholder="e.g. iris_classifier" width={width} />}
                </Row>
                <Note>
                  {opened ? (
                    <Paragraph dimColor width={width} text={OPENED_NAME} />
                  ) : problem === undefined ? (
                    <Text color="green">valid</Text>
                  ) : answers.name === '' && !blocked ? (
                    <Paragraph dimColor width={width} text={nameHint} />
                  ) : (
                    <>
                      <Paragraph color="red" width={width} text={`invalid: ${problem}`} />
                      {blocked && <Text bold>Fix the name to go on.</Text>}
                    </>
                  )}
                </Note>
              </>
            )}
            {(all || field === 'folder') && (
              <>
                <Row label="Target folder" focused={field === 'folder'}>
                  {opened ? (
                    <Text wrap="truncate-end">{shownPath(opened.dir)}</Text>
                  ) : (
                    <Input field={folderField} focused={field === 'folder'} placeholder={answers.name ? `${answers.name} (follows the name)` : '(follows the name)'} width={width} />
                  )}
                </Row>
                <Note>
                  <Paragraph width={width} {...folderNote} />
                </Note>
              </>
            )}
            <Row label="Model type" focused={field === 'model'}>
              {all ? <Paragraph dimColor width={width} text={modelCategory.description} /> : <Text dimColor wrap="truncate-end">{modelCategory.description}</Text>}
            </Row>
            {replacedNote && (
              <Note>
                <Paragraph color="yellow" width={width} text={replacedNote} />
              </Note>
            )}
            <Box marginLeft={LABEL_WIDTH} height={listRows} flexShrink={0} overflowY="hidden">
              <Box width={explained ? Math.floor(width / 2) : width} flexDirection="column" flexShrink={0}>
                {modelWindow.visible.map((option, index) => (
                  <Choice key={String(option.value)} option={option} chosen={isChosen(answers, modelCategory, option)} cursor={field === 'model' && modelWindow.first + index === cursor} />
                ))}
              </Box>
              {explained && field === 'model' && models[cursor] && <Explanation option={models[cursor]} catalog={catalog} width={width - Math.floor(width / 2)} height={listRows} />}
            </Box>
            {openShown && (
              <>
                <Row label="Open existing" focused={field === 'open'}>
                  <Input field={openField} focused={field === 'open'} placeholder="or the folder of a project to change (ctrl-o)" width={width} />
                </Row>
                {openNoteShown && (
                  <Note>
                    <Paragraph width={width} {...openNote} />
                  </Note>
                )}
              </>
            )}
          </Box>
        );
      }}
    </Frame>
  );
}

function Row({ label, focused, children }: { label: string; focused: boolean; children: ReactNode }) {
  return (
    <Box flexShrink={0}>
      <Box width={LABEL_WIDTH} flexShrink={0}>
        <Text bold={focused} color={focused ? 'cyan' : undefined}>
          {focused ? '> ' : '  '}
          {label}
        </Text>
      </Box>
      {children}
    </Box>
  );
}

function Note({ children }: { children: ReactNode }) {
  return (
    <Box marginLeft={LABEL_WIDTH} flexDirection="column" flexShrink={0}>
      {children}
    </Box>
  );
}

function Input({ field, focused, placeholder, width }: { field: TextField; focused: boolean; placeholder: string; width: number }) {
  if (!field.value && !focused) return <Text dimColor wrap="truncate-end">{placeholder}</Text>;
  // Reverse video is lost on a terminal without styles (NO_COLOR): there the cursor is a bar
  // between the characters, a cell of its own.
  const bar = focused && !styled();
  // A long value scrolls so that the cursor stays in view; what is cut off is marked.
  const { shown, cursor, left, right } = fieldWindow(field.value, field.cursor, bar ? width - 1 : width, focused);
  const chars = bar || cursor < shown.length ? shown : [...shown, ' '];
  const mark = (index: number) => (index === 0 && left ? '<' : index === chars.length - 1 && right ? '>' : undefined);
  return (
    <Text wrap="truncate-end">
      {chars.map((char, index) => (
        <Fragment key={index}>
          {bar && index === cursor && '|'}
          {index === cursor && !bar ? <Text inverse>{char}</Text> : mark(index) ? <Text bold>{mark(index)}</Text> : char}
        </Fragment>
      ))}
      {bar && cursor === chars.length && '|'}
      {!field.value && <Text dimColor>{placeholder}</Text>}
    </Text>
  );
}

const OPENED_NAME = 'an existing project: the name cannot change';

/** What the folder typed in "Open existing" holds: a project to open, or why it cannot be opened. */
function describeOpen(typed: string, project: OpenedProject | { problem: string } | undefined, blocked: boolean): { text: string; color?: string; dimColor?: boolean } {
  if (project === undefined) return { text: 'the folder of a project Leo generated (it holds leo.json); enter opens it', dimColor: true };
  if ('problem' in project) return { text: `cannot open ${typed}: ${project.problem}${blocked ? '\nType the folder of a Leo project to open it.' : ''}`, color: 'red' };
  return { text: `a Leo project: ${project.answers.name}; enter opens it to change its components`, color: 'green' };
}

/** Where the project goes, a warning when that folder already holds files, and why it cannot be written there. */
function describeFolder(target: string | undefined): { text: string; color?: string; dimColor?: boolean } {
  if (target === undefined) return { text: 'a folder named after the project, here', dimColor: true };
  let state;
  try {
    state = inspectTarget(target);
  } catch (error) {
    if (error instanceof LeoError) return { text: `cannot write there: ${shownPath(target)} exists and is not a folder`, color: 'red' };
    throw error;
  }
  const problem = parentProblem(target);
  if (problem) return { text: `cannot write there: ${problem}`, color: 'red' };
  const shown = shownPath(target);
  if (state === 'non-empty') return { text: `warning: ${shown} exists and is not empty; you will be asked before writing`, color: 'yellow' };
  return { text: `writes to ${shown}`, dimColor: true };
}
