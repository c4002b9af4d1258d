// Help pages list every key once, whole; esc goes back, or leaves where there is nothing to go back to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { screenOf, startTui } from './driver.js';
import { catalog, focusPanel, freshHome, toComponents } from './fixture.js';

/** The help page's lines: the keys column and the text (continuation lines have no keys). */
function helpEntries(frame: string): { keys: string; text: string }[] {
  const lines = frame.split('\n');
  const start = lines.findIndex((line) => /Keys on this screen/.test(line));
  const entries: { keys: string; text: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ (\S*) +(\S.*)$/.exec(line);
    if (!match || /help {2}|close help/.test(line)) continue;
    if (match[1]) entries.push({ keys: match[1], text: match[2]! });
    else if (entries.length > 0) entries.at(-1)!.text += ` ${match[2]}`;
  }
  return entries;
}

describe('help pages', () => {
  it('list each key once, with nothing contradicting', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 100, rows: 30 });
    await toComponents(tui);
    await tui.press('?');
    const entries = helpEntries(tui.frame());
    const keys = entries.flatMap((e) => e.keys.split('/'));
    assert.ok(keys.includes('up') && keys.includes('tab') && keys.includes('shift-tab'), tui.frame());
    assert.deepEqual(
      keys.filter((key, index) => keys.indexOf(key) !== index),
      [],
      `a key listed twice:\n${tui.frame()}`,
    );
  });

  it('wrap long explanations instead of cutting them', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 60, rows: 24 });
    await toComponents(tui);
    await tui.press('?');
    const move = helpEntries(tui.frame()).find((e) => e.keys === 'up/down');
    assert.equal(move?.text, 'Move up and down through the options (also k and j); past the first or last one, into the neighbouring panel.');
  });
});

describe('esc', () => {
  it('goes back from the components, the preview and its file viewer', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.press('enter', 'down', 'down', 'down', 'down', 'enter');
    assert.match(tui.frame(), /from generic/);
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Preview');
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Components');
    await focusPanel(tui, 'Docker');
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Project');
  });
});
