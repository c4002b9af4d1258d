import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { leoBin } from '../helpers/leo.js';

// Ink renders nothing until exit when it believes it runs in CI (is-in-ci reads CI, CI_* and
// CONTINUOUS_INTEGRATION), so the terminal under test gets an environment without them.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name !== 'CI' && !name.startsWith('CI_') && name !== 'CONTINUOUS_INTEGRATION'),
);

/**
 * A tmux server of its own, with one 80x24 window running `leo` (with args, and Node's own nodeArgs)
 * from a shell that marks before and after; extra variables go to leo's environment, and term to
 * its TERM (tmux sets the pane's own over the environment's). `bin` runs another build of Leo than
 * this tree's.
 */
export function terminal(cwd: string, options: { nodeArgs?: string[]; args?: string[]; env?: NodeJS.ProcessEnv; term?: string; bin?: string } = {}) {
  const socket = `leo-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => {
    const result = spawnSync('tmux', ['-L', socket, ...args], { cwd, env: { ...env, ...options.env }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const command = [...(options.term ? ['env', `TERM=${options.term}`] : []), process.execPath, ...(options.nodeArgs ?? []), options.bin ?? leoBin, ...(options.args ?? [])].map((word) => JSON.stringify(word)).join(' ');
  const script = `printf 'main screen before leo\\n'; ${command}; printf 'leo exited with %s\\n' "$?"; exec sleep 3600`;
  tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'leo', 'sh', '-c', script);
  after(() => spawnSync('tmux', ['-L', socket, 'kill-server']));
  const screen = () => tmux('capture-pane', '-p', '-t', 'leo');
  /** Waits (a minute at most: a bound on a hang, not an expectation of speed) until the screen matches. */
  const waitFor = async (effect: RegExp | ((screen: string) => boolean)): Promise<string> => {
    const matches = typeof effect === 'function' ? effect : (text: string) => effect.test(text);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
      const text = screen();
      if (matches(text)) return text;
    }
    throw new Error(`the screen never matched ${effect}:\n${screen()}`);
  };
  return {
    screen,
    /**
     * Sends tmux key names (Enter, Tab, Space, Down, C-c), all in one send-keys (so they may reach
     * leo in one read), or with literal, text; then waits until the screen shows their effect.
     */
    async press(keys: string | string[], effect: RegExp | ((screen: string) => boolean), literal = false): Promise<string> {
      tmux('send-keys', '-t', 'leo', ...(literal ? ['-l'] : []), ...[keys].flat());
      return waitFor(effect);
    },
    waitFor,
    /** Pastes text as the terminal does: bracketed when leo asked for it. */
    paste(text: string) {
      tmux('set-buffer', '-b', 'pasted', text);
      tmux('paste-buffer', '-p', '-b', 'pasted', '-t', 'leo');
    },
    /** The screen with its styles, as escape sequences. */
    styledScreen: () => tmux('capture-pane', '-p', '-e', '-t', 'leo'),
    /** Closes the terminal, as closing its window does: leo gets SIGHUP and its terminal is gone. */
    close: () => tmux('kill-session', '-t', 'leo'),
    alternateScreen: () => tmux('display-message', '-p', '-t', 'leo', '#{alternate_on}').trim() === '1',
    resize: (columns: number, rows: number) => tmux('resize-window', '-t', 'leo', '-x', String(columns), '-y', String(rows)),
    /** The pid of `leo` itself: the only child of the pane's shell. */
    leoPid: () => {
      const shell = tmux('display-message', '-p', '-t', 'leo', '#{pane_pid}').trim();
      return Number(readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim());
    },
  };
}
