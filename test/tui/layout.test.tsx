// Every screen clips or scrolls, never overlaps, down to the stated minimum size, and says so below it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { MIN_SIZE, type Size } from '../../src/tui/frame.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { type Session, screenOf, startTui } from './driver.js';
import { focusPanel, freshHome } from './fixture.js';

function fits(frame: string, size: Size) {
  const lines = frame.split('\n');
  assert.ok(lines.length <= size.rows - 1, `${lines.length} lines at ${size.columns}x${size.rows}:\n${frame}`);
  for (const line of lines) assert.ok(line.length <= size.columns, `too wide at ${size.columns}x${size.rows}: ${line}`);
}

/** The components screen with ELK, Kubernetes and Spark on, on a machine with none of their tools: five warnings. */
async function manyWarnings(size: Size): Promise<Session> {
  freshHome();
  const tui = await startTui(catalog, fakeProbe([]), size);
  await tui.type('iris_layout\r\r\r');
  await focusPanel(tui, 'Logging');
  await tui.press('up', 'space');
  await focusPanel(tui, 'Kubernetes');
  await tui.press('space');
  await focusPanel(tui, 'Spark');
  await tui.press('space');
  return tui;
}

for (const size of [MIN_SIZE, { columns: 60, rows: 15 }, { columns: 80, rows: 24 }]) {
  describe(`at ${size.columns}x${size.rows}`, () => {
    it('the components screen keeps the explanation beside the list and the warnings below, apart, with the rest counted', async () => {
      const tui = await manyWarnings(size);
      const frame = tui.frame();
      fits(frame, size);
      assert.match(frame, /> \[x\] Spark/);
      const notices = frame.split('\n').filter((line) => /^ (warning:|note:|\(\d+ more)/.test(line));
      assert.ok(notices.length > 0, frame);
      // A warning row wraps at the width left of the explanation's column: text beyond it is another pane's, drawn over.
      for (const line of frame.split('\n').slice(frame.split('\n').findIndex((l) => /^ warning:/.test(l)))) {
        assert.ok(!/^ warning:/.test(line) || line.length <= size.columns - 3, `a warning row runs into another pane: ${line}`);
      }
      const warnings = notices.filter((line) => /^ warning:/.test(line)).length;
      assert.ok(warnings === 5 || notices.some((line) => /^ \(\d+ more lines/.test(line)), `the warnings that do not fit are counted:\n${frame}`);
    });

    it('the project screen shows the focused field whole, nothing drawn over it', async () => {
      freshHome();
      const tui = await startTui(catalog, fakeProbe([]), size);
      await tui.type('iris_layout\t\t');
      const frame = tui.frame();
      fits(frame, size);
      assert.match(frame, /^ > Model type {5}\S/m);
      assert.match(frame, /> \(\*\) Generic pickle/);
      assert.match(frame, /^ {20}\( \) scikit-learn/m);
      // After the model type: the folder of an existing project to open instead, then round to the name.
      await tui.press('tab');
      assert.match(tui.frame(), /^ > Open existing {3}\S/m);
      assert.match(tui.frame(), /the folder of a/);
      fits(tui.frame(), size);
      await tui.press('tab');
      assert.match(tui.frame(), /^ > Project name {3}iris_layout$/m);
      fits(tui.frame(), size);
    });

    it('the preview shows the tree, and the ports by tab when they do not fit beside it', async () => {
      const tui = await manyWarnings(size);
      await tui.press('enter');
      assert.equal(screenOf(tui.frame()), 'Preview');
      fits(tui.frame(), size);
      assert.match(tui.frame(), /^ > iris_layout\/$/m, 'the tree');
      if (/tab ports/.test(tui.frame())) {
        await tui.press('tab');
        assert.match(tui.frame(), /^ > API /m);
        fits(tui.frame(), size);
      } else assert.match(tui.frame(), /Elasticsearch/);
    });
  });
}

describe('below the minimum size', () => {
  it('says how large the terminal must be, and Ctrl-C still leaves', async () => {
    freshHome();
    const size = { columns: MIN_SIZE.columns - 5, rows: MIN_SIZE.rows };
    const tui = await startTui(catalog, fakeProbe([]), size);
    assert.match(tui.frame().replace(/\s+/g, ' '), /Leo needs a terminal of at least 40x10; this one is 35x10/);
    fits(tui.frame(), size);
  });
});
