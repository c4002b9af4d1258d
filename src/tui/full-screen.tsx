// Full-screen running shared by the session (run.tsx) and `leo deploy` (deploy/run.tsx): neither
// loads the other's screens.
import { render } from 'ink';
import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import type { ReactElement } from 'react';
import { asciiEllipsis, utf8 } from './terminal-caps.js';

// Alternate screen buffer and bracketed paste (input.ts reads it) on/off; leaving also shows the
// cursor Ink hid.
const ENTER_ALTERNATE = '\u001B[?1049h\u001B[?2004h';
const LEAVE_ALTERNATE = '\u001B[?2004l\u001B[?1049l\u001B[?25h';
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** Exit status when a screen is abandoned with Ctrl-C, as a shell reports SIGINT. */
export const ABORTED = 130;

/** Runs an Ink app on the alternate screen (the session, or `leo deploy`'s screen); its exit status. The terminal's main screen is back however it ends. */
export async function runFullScreen(app: ReactElement): Promise<number> {
  let fullScreen = true;
  // Synchronous writes: on a crash or a signal there is no later turn of the event loop.
  // A closed terminal (SIGHUP) fails the write with EIO: there is no screen left to restore, and
  // the exit handlers after this one (the deploy's, which ends its process group) must still run.
  const restore = () => {
    if (!fullScreen) return;
    fullScreen = false;
    try {
      writeSync(process.stdout.fd, LEAVE_ALTERNATE);
    } catch {}
  };
  writeSync(process.stdout.fd, ENTER_ALTERNATE);
  // uncaughtExceptionMonitor runs before Node prints the error, so the trace lands on the main screen.
  process.on('uncaughtExceptionMonitor', restore);
  process.on('exit', restore);

  // Ink 6.8's incrementalRendering misplaces lines (its cursor arithmetic is one row off), so every
  // frame is redrawn whole, in one write inside a synchronized update: terminals that support those
  // show it at once, without flicker.
  const instance = render(app, { exitOnCtrlC: false, stdout: utf8() ? process.stdout : asciiStdout() });
  // Registered after Ink's own handler, which unmounts first; then the screen goes back and Leo exits.
  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    restore();
    process.exit(128 + constants.signals[signal]);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return ((await instance.waitUntilExit()) as number | undefined) ?? 0;
  } finally {
    restore();
    process.off('uncaughtExceptionMonitor', restore);
    process.off('exit', restore);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

/**
 * The terminal, for a locale that is not UTF-8: Ink marks the text it cuts with `…`, which such a
 * terminal cannot show, and has no setting for it; its frames are written with `...` instead.
 */
function asciiStdout(): NodeJS.WriteStream {
  const stdout = process.stdout;
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stdout.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? asciiEllipsis(chunk) : chunk, ...rest);
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
