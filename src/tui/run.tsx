// The interactive session's entry point. cli.ts imports this module dynamically, so Ink and React
// load (from their own chunk) only when a person opens the TUI, never in preset mode.
import { catalog } from '../catalog/index.js';
import { systemProbe } from '../probe.js';
import type { OpenedProject } from '../project-file.js';
import { App } from './app.js';
import { runFullScreen } from './full-screen.js';

/**
 * Runs the session full screen (on an existing project when one is opened); the terminal's main screen is back however it ends, with the
 * written project's summary and next commands on it (the alternate screen takes them along).
 */
export async function runTui(opened?: OpenedProject): Promise<number> {
  let summary: string[] = [];
  const status = await runFullScreen(<App catalog={catalog} probe={systemProbe()} opened={opened} farewell={(lines) => (summary = lines)} />);
  for (const line of summary) process.stdout.write(`${line}\n`);
  return status;
}
