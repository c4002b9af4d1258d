// Full-screen running shared by the session (run.tsx) and `leo deploy` (deploy/run.tsx): neither
// loads the other's screens.
import { render } from 'ink';
import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import type { ReactElement } from 'react';

// Alternate screen buffer on/off; leaving also shows the cursor Ink hid.
const ENTER_ALTERNATE = '\u001B[?1049h';
const LEAVE_ALTERNATE = '\u001B[?1049l\u001B[?25h';
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** Exit status when a screen is abandoned with Ctrl-C, as a shell reports SIGINT. */
export const ABORTED = 130;

/** Runs an Ink app on the alternate screen (the session, or `leo deploy`'s screen); its exit status. The terminal's main screen is back however it ends. */
export async function runFullScreen(app: ReactElement): Promise<number> {
  let fullScreen = true;
  // Synchronous writes: on a crash or a signal there is no later turn of the event loop.
  const restore = () => {
    if (fullScreen) writeSync(process.stdout.fd, LEAVE_ALTERNATE);
    fullScreen = false;
  };
  writeSync(process.stdout.fd, ENTER_ALTERNATE);
  // uncaughtExceptionMonitor runs before Node prints the error, so the trace lands on the main screen.
  process.on('uncaughtExceptionMonitor', restore);
  process.on('exit', restore);

  // Ink 6.8's incrementalRendering misplaces lines (its cursor arithmetic is one row off), so every
  // frame is redrawn whole, in one write inside a synchronized update: terminals that support those
  // show it at once, without flicker.
  const instance = render(app, { exitOnCtrlC: false });
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
