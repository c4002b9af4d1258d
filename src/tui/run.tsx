// The interactive session's entry point. cli.ts imports this module dynamically, so Ink and React
// load (from their own chunk) only when a person opens the TUI, never in preset mode.
import { catalog } from '../catalog/index.js';
import { systemProbe } from '../probe.js';
import { App } from './app.js';
import { runFullScreen } from './full-screen.js';

/** Runs the session full screen. */
export function runTui(): Promise<number> {
  return runFullScreen(<App catalog={catalog} probe={systemProbe()} />);
}
