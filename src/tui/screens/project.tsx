import { Box, Text } from 'ink';
import { relative } from 'node:path';
import { type ReactNode, useState } from 'react';
import { type Answers, inspectTarget } from '../../pipeline/index.js';
import type { Catalog } from '../../catalog/index.js';
import { LeoError } from '../../errors.js';
import { nameProblem } from '../../preset/name.js';
import { Frame } from '../frame.js';
import type { Binding } from '../keys.js';
import { Choice, Explanation, Paragraph } from '../list.js';
import { PROJECT_CATEGORY, isChosen, options, pick } from '../selection.js';
import { type TextField, useTextField } from '../text-field.js';

export type ProjectField = 'name' | 'folder' | 'model';
const FIELDS: ProjectField[] = ['name', 'folder', 'model'];
const LABEL_WIDTH = 17;

interface Props {
  catalog: Catalog;
  answers: Answers;
  setAnswers(answers: Answers): void;
  folder: string;
  setFolder(folder: string): void;
  /** The absolute folder the project goes to, once there is a name or a folder. */
  target: string | undefined;
  initialField: ProjectField;
  next(): void;
  quit(): void;
}

/** Screen 1: the project's name (checked as it is typed), its folder and the model type. */
export function ProjectScreen({ catalog, answers, setAnswers, folder, setFolder, target, initialField, next, quit }: Props) {
  const [field, setField] = useState<ProjectField>(initialField);
  const [blocked, setBlocked] = useState(false);
  const models = options(catalog, catalog.category(PROJECT_CATEGORY));
  const [cursor, setCursor] = useState(Math.max(0, models.findIndex((o) => isChosen(answers, catalog.category(PROJECT_CATEGORY), o))));
  const name = useTextField(answers.name, (value) => {
    setBlocked(false);
    setAnswers({ ...answers, name: value });
  });
  const folderField = useTextField(folder, setFolder);
  const problem = nameProblem(answers.name, catalog);
  const modelCategory = catalog.category(PROJECT_CATEGORY);

  const go = (step: number) => setField(FIELDS[(FIELDS.indexOf(field) + step + FIELDS.length) % FIELDS.length]!);
  const confirm = () => {
    if (problem) {
      setBlocked(true);
      setField('name');
    } else next();
  };
  const editing = field === 'name' ? name : field === 'folder' ? folderField : undefined;
  const bindings: Binding[] = [
    ...(editing
      ? [
          { keys: ['tab', 'down'], shown: 'tab/down', label: 'next field', help: 'Go to the next field.', run: () => go(1) },
          { keys: ['shift-tab', 'up'], shown: 'shift-tab/up', label: 'previous', help: 'Go to the previous field.', run: () => go(-1), quiet: true },
          { keys: ['enter'], label: 'next field', help: 'Go to the next field.', run: () => go(1), quiet: true },
          ...editing.bindings,
        ]
      : [
          { keys: ['up', 'k'], shown: 'up/down', label: 'move', help: 'Move through the model types (also j and k).', run: () => setCursor(Math.max(0, cursor - 1)) },
          { keys: ['down', 'j'], label: 'down', help: 'Move through the model types.', run: () => setCursor(Math.min(models.length - 1, cursor + 1)), quiet: true },
          { keys: ['space'], label: 'select', help: 'Choose the model type under the cursor.', run: () => setAnswers(pick(answers, modelCategory, models[cursor]!)) },
          { keys: ['tab'], shown: 'tab/shift-tab', label: 'field', help: 'Go to the next field.', run: () => go(1) },
          { keys: ['shift-tab'], label: 'previous field', help: 'Go to the previous field.', run: () => go(-1), quiet: true },
          {
            keys: ['enter'],
            label: 'continue',
            help: 'Choose the model type under the cursor and go on to the components (the name must be valid).',
            run: () => {
              setAnswers(pick(answers, modelCategory, models[cursor]!));
              confirm();
            },
          },
        ]),
    // Escape has nowhere to go back to from the first screen, so it asks to quit.
    { keys: ['esc'], label: 'quit', help: 'Quit Leo (asks first when answers would be lost).', run: quit, quiet: !editing },
  ];

  return (
    <Frame step={0} bindings={bindings} typing={editing?.type}>
      {(rows, columns) => {
        const width = columns - 2 - LABEL_WIDTH;
        const folderNote = describeFolder(target);
        return (
          <Box flexDirection="column" paddingX={1} height={rows}>
            <Row label="Project name" focused={field === 'name'}>
              <Input field={name} focused={field === 'name'} placeholder="e.g. iris_classifier" />
            </Row>
            <Note>
              {problem === undefined ? (
                <Text color="green">valid</Text>
              ) : answers.name === '' && !blocked ? (
                <Paragraph dimColor width={width} text="a lower snake_case Python identifier; also the package name" />
              ) : (
                <>
                  <Paragraph color="red" width={width} text={`invalid: ${problem}`} />
                  {blocked && <Text bold>Fix the name to go on.</Text>}
                </>
              )}
            </Note>
            <Row label="Target folder" focused={field === 'folder'}>
              <Input field={folderField} focused={field === 'folder'} placeholder={answers.name ? `${answers.name} (follows the name)` : '(follows the name)'} />
            </Row>
            <Note>
              <Paragraph width={width} {...folderNote} />
            </Note>
            <Row label="Model type" focused={field === 'model'}>
              <Paragraph dimColor width={width} text={modelCategory.description} />
            </Row>
            <Box marginLeft={LABEL_WIDTH} flexGrow={1} overflowY="hidden">
              <Box width={Math.floor(width / 2)} flexDirection="column" flexShrink={0}>
                {models.map((option, index) => (
                  <Choice key={String(option.value)} option={option} chosen={isChosen(answers, modelCategory, option)} cursor={field === 'model' && index === cursor} />
                ))}
              </Box>
              {field === 'model' && models[cursor] && <Explanation option={models[cursor]} catalog={catalog} width={width - Math.floor(width / 2)} />}
            </Box>
          </Box>
        );
      }}
    </Frame>
  );
}

function Row({ label, focused, children }: { label: string; focused: boolean; children: ReactNode }) {
  return (
    <Box>
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
    <Box marginLeft={LABEL_WIDTH} flexDirection="column">
      {children}
    </Box>
  );
}

function Input({ field, focused, placeholder }: { field: TextField; focused: boolean; placeholder: string }) {
  if (!field.value && !focused) return <Text dimColor>{placeholder}</Text>;
  const before = field.value.slice(0, field.cursor);
  const at = field.value.slice(field.cursor, field.cursor + 1) || ' ';
  const after = field.value.slice(field.cursor + 1);
  return (
    <Text wrap="truncate-start">
      {before}
      {focused ? <Text inverse>{at}</Text> : at}
      {after}
      {!field.value && <Text dimColor>{placeholder}</Text>}
    </Text>
  );
}

/** Where the project goes, and a warning when that folder already holds files. */
function describeFolder(target: string | undefined): { text: string; color?: string; dimColor?: boolean } {
  if (target === undefined) return { text: 'a folder named after the project, here', dimColor: true };
  let state;
  try {
    state = inspectTarget(target);
  } catch (error) {
    if (error instanceof LeoError) return { text: `cannot write there: ${error.message}`, color: 'red' };
    throw error;
  }
  const shown = relative(process.cwd(), target) || '.';
  if (state === 'non-empty') return { text: `warning: ${shown} exists and is not empty; you will be asked before writing`, color: 'yellow' };
  return { text: `writes to ${shown}`, dimColor: true };
}
