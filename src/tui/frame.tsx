import { Box, Text, useStdin, useStdout } from 'ink';
import { type MutableRefObject, type ReactNode, createContext, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type KeyPress, keyReader } from './input.js';
import { type Binding, pack, shownKeys, wrap } from './keys.js';
import { type Scroll, useScroll } from './scroll.js';

export interface Size {
  columns: number;
  rows: number;
}

/** The terminal's size, following resizes; a fixed size when given (tests inject one). */
export function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const read = (): Size => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return size;
}

/**
 * The terminal's keys, in turn, to the handler in the returned ref (Chrome.input). Ink
 * delivers a run of keys read together as one input (key repeat, a paste, a burst from a script, or
 * keys queued while the machine was busy); keyReader takes it apart, and each key waits for the
 * render of the one before, so that it sees what that key did. Every handling is followed by a
 * render, even one that changes nothing, which lets the next key through.
 */
export function useKeysInTurn(): MutableRefObject<KeyHandler | undefined> {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const input = useRef<KeyHandler>(undefined);
  const keys = useRef<KeyPress[]>([]);
  const awaitingRender = useRef(false);
  const [, setKeysHandled] = useState(0);
  const handleNextKey = () => {
    if (keys.current.length === 0) return;
    awaitingRender.current = true;
    const waiting = keys.current;
    keys.current = waiting.slice(Math.max(1, input.current?.(waiting) ?? 1));
    setKeysHandled((count) => count + 1);
  };
  // Ink's raw input rather than useInput: useInput reports Backspace and Delete alike, and a run of
  // keys as one string whose keys it does not name.
  useEffect(() => {
    setRawMode(true);
    const read = keyReader();
    const onInput = (data: string) => {
      keys.current.push(...read(data));
      if (!awaitingRender.current) handleNextKey();
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      setRawMode(false);
    };
  }, [events, setRawMode]);
  useLayoutEffect(() => {
    awaitingRender.current = false;
    handleNextKey();
  });
  return input;
}

/**
 * Handles the first of the keys waiting (more at once when they make one thing, such as text typed
 * into a field) and says how many it took.
 */
export type KeyHandler = (keys: readonly KeyPress[]) => number;

export const STEPS = ['Project', 'Components', 'Preview', 'Write'] as const;

/** The smallest terminal every screen fits without overlapping: below it, Leo says so instead. */
export const MIN_SIZE: Size = { columns: 40, rows: 10 };

/** What every screen shares: the size, the project name for the header, and the app-wide keys. */
export interface Chrome {
  size: Size;
  name: string;
  /** The quit question, when q was pressed with answers that would be lost. */
  quitDialog?: Dialog;
  /** q: quit, asking first when answers would be lost. */
  quit(): void;
  /** Ctrl-C: leave at once. */
  abort(): void;
  /**
   * Where the screen on display puts its key handler. The app reads it on every key press, so a
   * key that arrives right after a screen change reaches the new screen, not a stale subscription.
   */
  input: MutableRefObject<KeyHandler | undefined>;
}

export const ChromeContext = createContext<Chrome | undefined>(undefined);

export interface Dialog {
  title: string;
  text: string;
  bindings: Binding[];
}

interface FrameProps {
  /** The step on display, or the title of a screen outside the steps ("Deploy"). */
  step: number | string;
  bindings: Binding[];
  /** A text field has the keyboard: printable keys (q and ? included) are typed, not commands. */
  typing?: (input: string) => void;
  dialog?: Dialog;
  /** The screen's content, drawn into the given number of rows and columns. */
  children: (rows: number, columns: number) => ReactNode;
}

/**
 * One screen: the step header, the body, and the help bar listing the keys that work right now.
 * Input goes to the topmost layer: the quit question, then the screen's dialog, then the help
 * page, then the screen.
 */
export function Frame({ step, bindings, typing, dialog, children }: FrameProps) {
  const chrome = useContext(ChromeContext)!;
  const { columns, rows } = chrome.size;
  const [help, setHelp] = useState(false);

  const abort: Binding = { keys: ['ctrl-c'], label: 'abort', help: 'Leave at once, writing nothing.', run: chrome.abort, quiet: true };
  const close: Binding = { keys: ['esc', '?', 'f1'], shown: 'esc/?', label: 'close help', help: 'Back to the screen.', run: () => setHelp(false) };
  const common: Binding[] = [
    { keys: typing ? ['f1'] : ['?', 'f1'], shown: typing ? 'F1' : '?', label: 'help', help: 'Show every key of this screen (F1 also in a text field).', run: () => setHelp(true) },
    ...(typing ? [] : [{ keys: ['q'], label: 'quit', help: 'Quit Leo (asks first when answers would be lost).', run: chrome.quit }]),
    abort,
  ];
  // A key the screen binds itself (the deploy screen's q and Ctrl-C) is the screen's alone.
  const taken = new Set(bindings.flatMap((b) => b.keys));
  const screen: Binding[] = [...bindings, ...common.filter((b) => !b.keys.some((key) => taken.has(key)))];
  const helpRows = helpLines(screen, columns);
  // The help page scrolls when the terminal is too short for it; its first line shown is the position.
  const helpScroll = useScroll((page) => helpRows.length - page + 1, 'the keys');
  const layer = chrome.quitDialog ?? dialog;
  const active = layer ? [...layer.bindings, abort] : help ? [close, ...helpScroll.bindings, abort] : screen;

  const typed = layer || help ? undefined : typing;
  chrome.input.current = (keys) => {
    // In a text field every printable key is text (q and ? included), and a run of them is typed
    // at once; the other keys are commands.
    const end = keys.findIndex((k) => k.text === undefined);
    const text = typed ? keys.slice(0, end === -1 ? keys.length : end) : [];
    if (text.length > 0) {
      typed!(text.map((k) => k.text).join(''));
      return text.length;
    }
    active.find((b) => b.keys.includes(keys[0]!.name))?.run();
    return 1;
  };

  const bar = pack(
    active.filter((b) => !b.quiet && !b.alias).map((b) => `${shownKeys(b)} ${b.label}`),
    columns - 2,
    '  ',
  );
  // The frame stays one row short of the terminal: a frame as tall as the screen makes Ink clear
  // the whole screen on every update, which flickers.
  const bodyRows = Math.max(1, rows - 1 - 1 - bar.length);
  const dialogLines = layer ? wrap(layer.text, columns - 4) : [];
  const dialogRows = layer ? dialogLines.length + 3 : 0;

  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
    return (
      <Text wrap="truncate-end">
        {wrap(`Leo needs a terminal of at least ${MIN_SIZE.columns}x${MIN_SIZE.rows}; this one is ${columns}x${rows}. Make it larger (Ctrl-C leaves).`, columns)
          .slice(0, Math.max(1, rows - 1))
          .join('\n')}
      </Text>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header step={step} name={chrome.name} columns={columns} />
      <Box height={Math.max(0, bodyRows - dialogRows)} width={columns} flexDirection="column" overflowY="hidden">
        {help && !layer ? <HelpPage lines={helpRows} scroll={helpScroll} rows={bodyRows} /> : children(Math.max(1, bodyRows - dialogRows), columns)}
      </Box>
      {layer && (
        <Box borderStyle="classic" borderColor="yellow" flexDirection="column" width={columns} height={dialogRows} paddingX={1}>
          <Text bold color="yellow">
            {layer.title}
          </Text>
          <Text>{dialogLines.join('\n')}</Text>
        </Box>
      )}
      <Text color="cyan">{bar.map((line) => ` ${line}`).join('\n')}</Text>
    </Box>
  );
}

/**
 * The step bar, in reverse video. The chrome is all ASCII on purpose: Ink measures text with
 * string-width, whose first character outside ASCII starts Intl.Segmenter and compiles an emoji
 * regex, tens of milliseconds before the first frame. The preview's tree pays that later.
 */
function Header({ step, name, columns }: { step: number | string; name: string; columns: number }) {
  const all =
    typeof step === 'string' ? `[${step}]` : STEPS.map((label, index) => (index === step ? `[${index + 1} ${label}]` : `${index + 1} ${label}`)).join(' > ');
  // A narrow terminal gets the current step alone.
  const steps = ` Leo  ${all}`.length + 2 <= columns ? all : typeof step === 'string' ? all : `[${step + 1} ${STEPS[step]}]`;
  const left = ` Leo  ${steps}`;
  // The project name takes what the steps leave.
  const room = columns - left.length - 2;
  const shown = name.length <= room ? name : room > 3 ? `${name.slice(0, room - 3)}...` : '';
  return (
    <Text inverse bold wrap="truncate-end">
      {`${left}${' '.repeat(Math.max(1, columns - left.length - shown.length - 1))}${shown} `}
    </Text>
  );
}

/** The help page's lines: every key of the screen, once each, with what it does wrapped beside it. */
function helpLines(bindings: Binding[], columns: number): { keys: string; line: string }[] {
  const listed = bindings.filter((b) => !b.alias);
  const width = Math.min(Math.max(...listed.map((b) => shownKeys(b).length)) + 2, Math.floor(columns / 3));
  return listed.flatMap((b) => {
    const keys = shownKeys(b);
    const text = wrap(b.help, Math.max(10, columns - 2 - width)).map((line) => ({ keys: ''.padEnd(width), line }));
    // Keys too long for their column go on a line of their own, the help below them.
    return keys.length <= width - 2 ? [{ ...text[0]!, keys: keys.padEnd(width) }, ...text.slice(1)] : [{ keys, line: '' }, ...text];
  });
}

/** The help page, in the rows there are: a longer one scrolls, and says which of its lines are shown. */
function HelpPage({ lines, scroll, rows }: { lines: { keys: string; line: string }[]; scroll: Scroll; rows: number }) {
  scroll.page.current = Math.max(1, rows - 1);
  const top = scroll.position;
  const shown = lines.slice(top, top + rows - 1);
  const range = shown.length < lines.length ? ` (${top + 1}-${top + shown.length} of ${lines.length})` : '';
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold wrap="truncate-end">{`Keys on this screen${range}`}</Text>
      {shown.map(({ keys, line }, index) => (
        <Text key={top + index} wrap="truncate-end">
          <Text color="cyan">{keys}</Text>
          {line}
        </Text>
      ))}
    </Box>
  );
}
