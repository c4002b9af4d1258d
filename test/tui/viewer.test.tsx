// Nothing hidden for good: the file viewer scrolls sideways to the end of any line, the list of
// files written scrolls to its last, and e reads an explanation cut beside the options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog as realCatalog } from '../../src/catalog/index.js';
import { type Chrome, ChromeContext, useKeysInTurn } from '../../src/tui/frame.js';
import { Viewer } from '../../src/tui/screens/viewer.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { startInk, startTui } from './driver.js';
import { catalog, freshHome, toComponents } from './fixture.js';

/** The viewer alone in the session's chrome, 40x10. */
function Alone({ lines }: { lines: string[] }) {
  const input = useKeysInTurn();
  const chrome: Chrome = { size: { columns: 40, rows: 10 }, name: 'demo', quit() {}, abort() {}, input };
  return (
    <ChromeContext.Provider value={chrome}>
      <Viewer path="wide.txt" about="a file" lines={lines} numbered close={() => {}} />
    </ChromeContext.Provider>
  );
}

describe('the file viewer', () => {
  it('scrolls sideways to the end of a line wider than the screen, and back', async () => {
    const tui = await startInk(<Alone lines={['short', `${'a'.repeat(50)} the_end_of_it`]} />);
    assert.doesNotMatch(tui.frame(), /the_end_of_it/);
    assert.match(tui.frame(), /left\/right sideways/);
    for (let i = 0; i < 10 && !/the_end_of_it$/m.test(tui.frame()); i += 1) await tui.press('right');
    assert.match(tui.frame(), /^2 a+ the_end_of_it$/m);
    assert.match(tui.frame(), /lines 1-2 of 2, from/, 'the header says the view is scrolled');
    for (let i = 0; i < 10 && /of 2, from/.test(tui.frame()); i += 1) await tui.press('left');
    assert.match(tui.frame(), /^1 short$/m);
  });
});

describe('the list of files written', () => {
  it('scrolls when it is longer than its rows, and says which files it shows', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']), { columns: 80, rows: 16 });
    await toComponents(tui);
    await tui.press('enter', 'w');
    let frame = await tui.waitFor(/Done\. Next:/);
    const [, last, count] = /files 1-(\d+) of (\d+)/.exec(frame)!.map(Number);
    assert.ok(last! < count!, frame);
    assert.match(frame, /^ ok iris_demo\/__init__\.py/m, 'the first file written');
    await tui.press('G');
    frame = tui.frame();
    assert.match(frame, new RegExp(`files \\d+-${count} of ${count}`));
    assert.match(frame, /^ ok leo\.json/m, 'the last file written');
  });
});

describe('the summary of the write on a short terminal', () => {
  it('is clipped at the bottom, never squeezed into lines drawn over each other', async () => {
    const summary = async (size: { columns: number; rows: number }) => {
      freshHome();
      const tui = await startTui(catalog, fakeProbe(['docker']), size);
      await toComponents(tui);
      await tui.press('enter', 'w');
      const lines = (await tui.waitFor(/Done\. Next:/)).split('\n');
      // From "Done. Next:" to the help bar.
      return lines.slice(lines.findIndex((line) => /Done\. Next:/.test(line)), lines.findIndex((line) => /\? help/.test(line)));
    };
    const whole = await summary({ columns: 40, rows: 40 });
    const short = await summary({ columns: 40, rows: 10 });
    assert.ok(short.length < whole.length, 'the short terminal cuts it');
    assert.deepEqual(short, whole.slice(0, short.length));
  });
});

describe('an explanation cut to the rows there are', () => {
  it('says how much is cut, and e reads the whole of it', async () => {
    freshHome();
    const tui = await startTui(realCatalog, fakeProbe(['docker']), { columns: 80, rows: 14 });
    await tui.type('iris_explained\t\t');
    assert.match(tui.frame(), /\(\d+ more lines: e reads them\)/);
    const last = realCatalog.get('generic').explanation.split(' ').slice(-4).join(' ');
    assert.ok(!tui.frame().includes(last), 'the end of the explanation is cut');
    await tui.press('e');
    assert.ok(tui.frame().replace(/\s+/g, ' ').includes(last), tui.frame());
    await tui.press('?');
    assert.match(tui.frame(), /through the explanation/);
    assert.match(tui.frame(), /Back to the options\./);
    await tui.press('esc', 'esc');
    assert.match(tui.frame(), /^ > Model type/m);
  });
});
