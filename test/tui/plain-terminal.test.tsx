// Terminals that show no colours, no styles or no box-drawing glyphs: the screens still say where
// the cursor is, and draw with what the terminal has.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { runLeo } from '../helpers/leo.js';
import { needCommand } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';
import { asciiEllipsis } from '../../src/tui/terminal-caps.js';
import { startTui } from './driver.js';
import { catalog, freshHome, toComponents } from './fixture.js';
import { terminal } from './terminal.js';

describe('a terminal without styles (TERM=dumb, NO_COLOR)', () => {
  it('the preview marks the cursor row with a character, not only in reverse video', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.press('enter');
    assert.match(tui.frame(), /^ > iris_demo\/$/m);
    await tui.press('down');
    assert.match(tui.frame(), /^ > ├── iris_demo\/$/m);
    assert.match(tui.frame(), /^ {3}iris_demo\/$/m);
  });

  it('NO_COLOR: leo draws without colours', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const plain = terminal(tempDir(), { env: { NO_COLOR: '1' } });
    await plain.waitFor(/Project name/);
    const styled = plain.styledScreen();
    assert.doesNotMatch(styled, /\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m/, 'no colour escape');
    assert.match(plain.screen(), /> Project name/);
  });

  it('TERM=dumb: no full screen drawn on it, but the reason and what works instead', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const dumb = terminal(tempDir(), { term: 'dumb' });
    const screen = await dumb.waitFor(/leo exited with 2/);
    assert.match(screen.replace(/\s+/g, ' '), /^main screen before leo leo: the interactive session needs a terminal that can draw a full screen, which TERM=dumb cannot\. Without one, use: leo --preset FILE/);
    assert.ok(!dumb.alternateScreen());
  });

  it('TERM=dumb: leo update writes nothing unasked, since it cannot show its preview', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'iris_dumb', framework: 'flask' }));
    assert.equal(runLeo(['--preset', 'preset.json'], home).status, 0);
    const dumb = terminal(home, { term: 'dumb', args: ['update', 'iris_dumb', '--set', 'docker=true'] });
    const screen = await dumb.waitFor(/leo exited with 2/);
    // tmux breaks the message at the last column, mid-word.
    assert.match(screen.replace(/\n/g, ''), /the preview of the update needs a terminal that can draw a full screen, which TERM=dumb cannot\. See the changes with --dry-run, then write them with --yes/);
    assert.equal(JSON.parse(readFileSync(join(home, 'iris_dumb', 'leo.json'), 'utf8')).docker, false);
  });
});

describe('a locale that is not UTF-8 (LANG=C)', () => {
  it('the preview tree is drawn in ASCII', async (t) => {
    const locale = { LANG: 'C', LC_ALL: undefined, LC_CTYPE: undefined };
    const saved = Object.fromEntries(Object.keys(locale).map((name) => [name, process.env[name]]));
    const set = (values: Record<string, string | undefined>) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    };
    t.after(() => set(saved));
    set(locale);
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.press('enter');
    const frame = tui.frame();
    assert.match(frame, /\|-- iris_demo\//);
    assert.match(frame, /`-- leo\.json/);
    assert.doesNotMatch(frame, /[├└│]/);
  });

  it('text cut to fit ends in ... (Ink\'s own mark is a glyph such a terminal lacks), every line its width', () => {
    assert.equal(asciiEllipsis(' Model type     A ready implementati\u2026\n x'), ' Model type     A ready implementa...\n x');
    // Styles around the cut stay as they are; the dots take the cells of the last two characters.
    assert.equal(asciiEllipsis('\u001B[7m> ab\u001B[27mcd\u2026\u001B[39m'), '\u001B[7m> ab\u001B[27m...\u001B[39m');
    assert.equal(asciiEllipsis('\u001B[1mxy\u001B[22m\u2026'), '\u001B[1m..\u001B[22m.');
    assert.equal(asciiEllipsis('no cut\nhere'), 'no cut\nhere');
  });

  it('in a real terminal: no \u2026 anywhere, ... where Ink cut', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const term = terminal(tempDir(), { env: { LANG: 'C', LC_ALL: '', LC_CTYPE: '' } });
    await term.waitFor(/Project name/);
    term.resize(40, 12);
    const screen = await term.waitFor(/Model type {5}A ready implementa\.\.\.$/m);
    assert.doesNotMatch(screen, /\u2026/);
    const utf8 = terminal(tempDir(), { env: { LANG: 'C.UTF-8', LC_ALL: '', LC_CTYPE: '' } });
    await utf8.waitFor(/Project name/);
    utf8.resize(40, 12);
    await utf8.waitFor(/Model type {5}A ready implementati\u2026$/m);
  });
});
