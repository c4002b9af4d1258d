// Help pages list every key once, whole; esc goes back, or leaves where there is nothing to go back to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { type Session, screenOf, startTui } from './driver.js';
import { catalog, focusPanel, freshHome, toComponents } from './fixture.js';

/** The help page's entries, from its lines: the keys column and the text (continuation lines have no keys). */
function helpEntries(frame: string): { keys: string; text: string }[] {
  const lines = frame.split('\n');
  const start = lines.findIndex((line) => /Keys on this screen/.test(line));
  return entriesOf(lines.slice(start + 1).filter((line) => !/help {2}|close help/.test(line)));
}

function entriesOf(lines: string[]): { keys: string; text: string }[] {
  const entries: { keys: string; text: string }[] = [];
  for (const line of lines) {
    const match = /^ (\S*) *(.*)$/.exec(line);
    if (!match) continue;
    if (match[1]) entries.push({ keys: match[1], text: match[2]! });
    else if (entries.length > 0) entries.at(-1)!.text = `${entries.at(-1)!.text} ${match[2]}`.trim();
  }
  return entries;
}

/** Every line of a help page too long for the terminal, read page by page (PgDn) to its end. */
async function wholeHelp(tui: Session): Promise<{ keys: string; text: string }[]> {
  const lines: string[] = [];
  for (;;) {
    const frame = tui.frame().split('\n');
    const heading = frame.findIndex((line) => /Keys on this screen/.test(line));
    const [, first, last, count] = /\((\d+)-(\d+) of (\d+)\)/.exec(frame[heading]!)!.map(Number);
    frame.slice(heading + 1, heading + 1 + last! - first! + 1).forEach((line, index) => (lines[first! - 1 + index] = line));
    if (last === count) return entriesOf(lines);
    await tui.press('pgdn');
  }
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

  it('name no key twice in one entry ("home/g ... (also g)")', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 100, rows: 40 });
    await toComponents(tui);
    await tui.press('enter', '?');
    const entries = helpEntries(tui.frame());
    assert.ok(entries.some((e) => e.keys === 'home/g'), tui.frame());
    const named = (text: string, key: string) => new RegExp(`\\(also (.* )?${key.replace(/\W/g, '\\$&')}(\\W|$)`).test(text);
    const twice = entries.filter((e) => e.keys.split('/').some((key) => named(e.text, key)));
    assert.deepEqual(twice, []);
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

describe('help on a small terminal', () => {
  for (const size of [{ columns: 60, rows: 15 }, { columns: 40, rows: 10 }]) {
    it(`at ${size.columns}x${size.rows} scrolls, every line whole, none drawn over another`, async () => {
      freshHome();
      const big = await startTui(catalog, fakeProbe(['docker']), { columns: 100, rows: 40 });
      await big.press('f1');
      const small = await startTui(catalog, fakeProbe(['docker']), size);
      await small.press('f1');
      assert.ok(small.frame().split('\n').length <= size.rows, small.frame());
      assert.deepEqual(await wholeHelp(small), helpEntries(big.frame()));
    });
  }
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

  it('from the preview comes back to the panel and option the components screen was left at', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await focusPanel(tui, 'Monitoring');
    await tui.press('up', 'enter');
    assert.equal(screenOf(tui.frame()), 'Preview');
    await tui.press('esc');
    assert.match(tui.frame(), /- Monitoring/);
    const cursorRow = tui.frame().split('\n').find((line) => /> [[(]/.test(line));
    await tui.press('enter', 'esc');
    assert.equal(tui.frame().split('\n').find((line) => /> [[(]/.test(line)), cursorRow);
  });
});
