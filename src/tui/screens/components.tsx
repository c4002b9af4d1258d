import { Box, Text } from 'ink';
import { type ReactElement, useState } from 'react';
import type { AnswerKey, Answers } from '../../pipeline/index.js';
import type { Catalog, Category } from '../../catalog/index.js';
import { useExplanationReader } from '../explain.js';
import { Frame } from '../frame.js';
import { type Binding, wrap } from '../keys.js';
import { windowAround } from '../scroll.js';
import { Choice, Explanation, Paragraph } from '../list.js';
import { type Outcome, broughtIn, isChosen, options, panelCategories, pick } from '../selection.js';

interface Props {
  catalog: Catalog;
  answers: Answers;
  setAnswers(answers: Answers): void;
  /** resolve() on the current answers: the selection after the rules, and their warnings. */
  outcome: Outcome;
  /** Where the screen stood when it was last left: it comes back there (from the preview, say). */
  place?: Place;
  back(place: Place): void;
  next(place: Place): void;
}

/** The focused panel and each panel's cursor. */
export interface Place {
  focus: number;
  cursors: number[];
}

const LEFT_MIN = 40;
/** Collapsed panels line up their values after the longest label. */
const LABEL_WIDTH = 16;

/**
 * Screen 2: one panel per catalog category. The focused panel is open; the focused option's
 * explanation is beside it; the rules' warnings for the current selection are below, live.
 */
export function ComponentsScreen({ catalog, answers, setAnswers, outcome, place, back, next }: Props) {
  const panels = panelCategories(catalog).map((category) => ({ category, options: options(catalog, category) }));
  const [focus, setFocus] = useState(place?.focus ?? 0);
  const [cursors, setCursors] = useState(() => place?.cursors ?? panels.map(({ category, options }) => Math.max(0, options.findIndex((o) => isChosen(answers, category, o)))));
  const panel = panels[focus]!;
  const cursor = cursors[focus]!;
  const option = panel.options[cursor];
  const context = `${panel.category.label} (${panel.category.required ? 'required' : 'optional'}): ${panel.category.description}`;
  const reader = useExplanationReader(1, option, catalog, context);

  const moveTo = (index: number, at: 'first' | 'last' | 'keep') => {
    const target = (index + panels.length) % panels.length;
    const count = panels[target]!.options.length;
    if (at !== 'keep') setCursors(cursors.map((c, i) => (i === target ? (at === 'first' ? 0 : Math.max(0, count - 1)) : c)));
    setFocus(target);
  };
  const setCursor = (value: number) => setCursors(cursors.map((c, i) => (i === focus ? value : c)));
  // Why the last space changed nothing on screen: a toggle another component needs stays on.
  const [hint, setHint] = useState<string>();
  const neededBy = panel.category.kind === 'toggle' && outcome.resolution ? broughtIn(outcome.resolution, panel.category)[0]?.by : undefined;
  const select = () => {
    if (!option) return;
    if (!neededBy) return setAnswers(pick(answers, panel.category, option));
    // Shown on, so space means off: the answer says so, and the rule keeps it on while it applies.
    setAnswers({ ...answers, [panel.category.id]: false });
    setHint(`${option.label} stays on: ${neededBy.label} needs it. Turn ${neededBy.label} off first.`);
  };
  const keys: Binding[] = [
    {
      keys: ['up', 'k'],
      shown: 'up/down',
      label: 'move',
      help: 'Move up and down through the options (also k and j); past the first or last one, into the neighbouring panel.',
      run: () => (cursor > 0 ? setCursor(cursor - 1) : moveTo(focus - 1, 'last')),
    },
    { keys: ['down', 'j'], label: 'down', help: 'Move down.', run: () => (cursor < panel.options.length - 1 ? setCursor(cursor + 1) : moveTo(focus + 1, 'first')), alias: true },
    ...(option ? [{ keys: ['space'], label: panel.category.kind === 'toggle' ? 'toggle' : 'select', help: 'Select the option under the cursor (a toggle flips).', run: select }] : []),
    { keys: ['tab'], shown: 'tab/shift-tab', label: 'panel', help: 'Go to the next panel (shift-tab: the previous one).', run: () => moveTo(focus + 1, 'keep') },
    { keys: ['shift-tab'], label: 'previous panel', help: 'Go to the previous panel.', run: () => moveTo(focus - 1, 'keep'), alias: true },
    // The preview needs a selection the rules accept; until then the reason is shown instead.
    ...(outcome.resolution ? [{ keys: ['enter'], label: 'preview', help: 'Go on to the preview of the project.', run: () => next({ focus, cursors }) }] : []),
    { keys: ['esc'], label: 'back', help: 'Back to the project screen.', run: () => back({ focus, cursors }) },
  ];
  // The hint stays until the next key.
  const bindings = [...keys, ...reader.bindings].map((b) => (b.run === select ? b : { ...b, run: () => (setHint(undefined), b.run()) }));
  if (reader.viewer) return reader.viewer;

  return (
    <Frame step={1} bindings={bindings}>
      {(rows, columns) => {
        const notices = [
          ...(hint ? [{ text: `note: ${hint}`, problem: false }] : []),
          ...(outcome.resolution ? outcome.resolution.warnings.map((text) => ({ text: `warning: ${text}`, problem: false })) : [{ text: `cannot build: ${outcome.problem}`, problem: true }]),
        ];
        const noticeLines = notices.flatMap(({ text, problem }) => wrap(text, columns - 4).map((line) => ({ line, problem })));
        const noticeRows = Math.min(noticeLines.length, Math.floor(rows / 2));
        // What does not fit is counted on the last row shown, never dropped in silence.
        const hidden = noticeLines.length - noticeRows;
        const shownNotices = hidden > 0 ? [...noticeLines.slice(0, noticeRows - 1), { line: `(${hidden + 1} more lines: a taller terminal shows them)`, problem: false }] : noticeLines;
        const listRows = Math.max(1, rows - (noticeRows > 0 ? noticeRows + 1 : 0));
        const left = Math.min(columns, Math.max(LEFT_MIN, Math.floor(columns / 2)));
        // The explanation goes where it has room to be read.
        const explained = columns - left >= 20;
        const { lines, cursorLine } = panelLines(panels, focus, cursors, answers, outcome);
        const { visible } = windowAround(lines, cursorLine, listRows);
        return (
          <Box flexDirection="column">
            <Box height={listRows} flexShrink={0} overflowY="hidden">
              <Box width={left} flexDirection="column" flexShrink={0} paddingLeft={1}>
                {visible}
              </Box>
              {!explained ? null : option ? (
                <Explanation option={option} catalog={catalog} width={columns - left} height={listRows} context={context} />
              ) : (
                <Paragraph dimColor width={columns - left} text={panel.category.description} />
              )}
            </Box>
            {noticeRows > 0 && (
              <Box flexDirection="column" marginTop={1} paddingLeft={1} height={noticeRows} overflowY="hidden">
                {shownNotices.map(({ line, problem }, index) => (
                  <Text key={index} color={problem ? 'red' : 'yellow'} wrap="truncate-end">
                    {line}
                  </Text>
                ))}
              </Box>
            )}
          </Box>
        );
      }}
    </Frame>
  );
}

type Panel = { category: Category; options: ReturnType<typeof options> };

/** The left column: a header line per panel, the focused panel's options, and what its rules brought in. */
function panelLines(panels: Panel[], focus: number, cursors: number[], answers: Answers, outcome: Outcome) {
  const lines: ReactElement[] = [];
  let cursorLine = 0;
  panels.forEach(({ category, options }, index) => {
    const open = index === focus;
    const key = category.id as AnswerKey;
    const resolved = outcome.resolution?.answers ?? answers;
    const extras = outcome.resolution ? broughtIn(outcome.resolution, category) : [];
    const forcedOn = category.kind === 'toggle' && resolved[key] === true && answers[key] !== true;
    const chosen = options.find((o) => isChosen(resolved, category, o));
    const summary =
      category.kind === 'toggle'
        ? `${resolved[key] ? 'on' : 'off'}${forcedOn ? ` (by ${extras[0]?.by.label})` : ''}`
        : [chosen?.label ?? '-', ...extras.map((e) => e.component.label)].join(' + ');
    lines.push(
      <Text key={category.id} wrap="truncate-end" bold={open} color={open ? 'cyan' : undefined}>
        {open ? '- ' : '+ '}
        {`${category.label}${category.required ? '*' : ''}`.padEnd(LABEL_WIDTH)}
        {open ? <Text dimColor>{category.required ? 'required' : 'optional'}</Text> : summary}
      </Text>,
    );
    if (!open) return;
    cursorLine = lines.length + cursors[index]!;
    if (options.length === 0) lines.push(<Text key="none" color="red">{'  nothing built yet'}</Text>);
    options.forEach((option, i) =>
      lines.push(
        <Box key={`${category.id}-${i}`} paddingLeft={2}>
          <Choice
            option={option}
            chosen={isChosen(resolved, category, option)}
            cursor={i === cursors[index]}
            toggle={category.kind === 'toggle'}
            note={forcedOn ? `(needed by ${extras[0]?.by.label})` : undefined}
          />
        </Box>,
      ),
    );
    if (category.kind === 'choice') {
      for (const { component, by } of extras) {
        lines.push(
          <Text key={`${category.id}-${component.id}`} color="yellow" wrap="truncate-end">
            {`    + ${component.label} (brought by ${by.label})`}
          </Text>,
        );
      }
    }
  });
  return { lines, cursorLine };
}
