import { render } from 'ink-testing-library';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReactElement } from 'react';
import type { Catalog, Probe } from '../../src/catalog/index.js';
import { App } from '../../src/tui/app.js';
import type { Size } from '../../src/tui/frame.js';

/** What a terminal sends for each named key. */
export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  tab: '\t',
  'shift-tab': '\u001B[Z',
  enter: '\r',
  esc: '\u001B',
  space: ' ',
  backspace: '\u007F',
  pgdn: '\u001B[6~',
  'ctrl-c': '\u0003',
} as const satisfies Record<string, string>;

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export interface Session {
  /** The current frame as plain text, right-trimmed lines. */
  frame(): string;
  /** Sends named keys (see KEYS) or characters, one at a time, each once the frame it makes is drawn. */
  press(...keys: string[]): Promise<void>;
  /** Sends text as one burst, as a terminal does for a paste or a quickly typed word. */
  type(text: string): Promise<void>;
  /** Waits until the frame matches. */
  waitFor(pattern: RegExp): Promise<string>;
}

/** The TUI in ink-testing-library, at a fixed terminal size (80x24 unless given), listening for keys. */
export function startTui(catalog: Catalog, probe: Probe, size: Size = { columns: 80, rows: 24 }): Promise<Session> {
  return startInk(<App catalog={catalog} probe={probe} size={size} />);
}

/** Any of Leo's Ink apps (given its fixed size) in ink-testing-library, listening for keys. */
export async function startInk(element: ReactElement): Promise<Session & { frames: string[] }> {
  const app = render(element);
  after(() => app.unmount());
  // Every key is followed by a frame (the app renders after each key); React draws it on a later turn.
  const send = async (data: string) => {
    const before = app.frames.length;
    app.stdin.write(data);
    await until(() => app.frames.length > before, () => `no frame after ${JSON.stringify(data)}`);
  };
  const frame = () =>
    (app.lastFrame() ?? '')
      .replace(ANSI, '')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n');
  // Ink subscribes to the keyboard in an effect after the first frame; a key sent before is lost.
  await until(() => app.stdin.listenerCount('readable') > 0, () => 'Ink never listened for keys');
  return {
    frames: app.frames,
    frame,
    async press(...keys) {
      for (const key of keys) await send(KEYS[key as keyof typeof KEYS] ?? key);
    },
    type: send,
    async waitFor(pattern) {
      await until(() => pattern.test(frame()), () => `the frame never matched ${pattern}:\n${frame()}`);
      return frame();
    },
  };
}

/** Waits until the condition holds; the bound only ends a hang, so it is generous for a busy machine. */
async function until(condition: () => boolean, failure: () => string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error(failure());
  }
}

/** The screen on display, from the step the header marks: "[2 Components]". */
export function screenOf(frame: string): string | undefined {
  return /\[\d (\w+)\]/.exec(frame)?.[1];
}
