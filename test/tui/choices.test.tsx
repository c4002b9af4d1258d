// Choosing: space chooses and Enter goes on, on every screen; what the rules do to a choice is said
// where the choice is shown. With the real catalog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { App } from '../../src/tui/app.js';
import { openProject } from '../../src/project-file.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { screenOf, startInk, startTui } from './driver.js';
import { focusPanel, freshHome } from './fixture.js';

const probe = fakeProbe(['docker', 'kubectl', 'java']);

describe('the model list', () => {
  it('Enter goes on with the model type chosen with space, wherever the cursor is', async () => {
    freshHome();
    const tui = await startTui(catalog, probe, { columns: 100, rows: 30 });
    await tui.type('iris_enter\t\t');
    assert.match(tui.frame(), /> \(\*\) Generic pickle/);
    await tui.press('down', 'space', 'down');
    assert.match(tui.frame(), /\(\*\) scikit-learn/);
    assert.match(tui.frame(), /> \( \) XGBoost/);
    await tui.press('enter');
    assert.equal(screenOf(tui.frame()), 'Components');
    await tui.press('esc');
    assert.match(tui.frame(), /\(\*\) scikit-learn/, 'the choice made with space stands');
    assert.match(tui.frame(), /\( \) XGBoost/);
  });
});

describe('rules shown where they act', () => {
  it('space on Docker under Kubernetes says why it stays on', async () => {
    freshHome();
    const tui = await startTui(catalog, probe, { columns: 100, rows: 30 });
    await tui.type('iris_rules\r\r\r');
    await focusPanel(tui, 'Kubernetes');
    await tui.press('space');
    await focusPanel(tui, 'Docker');
    assert.match(tui.frame(), /\[x\] Docker/);
    await tui.press('space');
    assert.match(tui.frame(), /\[x\] Docker/);
    assert.match(tui.frame(), /Docker stays on: Kubernetes needs it\. Turn Kubernetes off first\./);
    await tui.press('tab');
    assert.doesNotMatch(tui.frame(), /stays on/, 'until the next key');
  });

  it('the project screen says when Spark takes the model type’s place', async () => {
    freshHome();
    const tui = await startTui(catalog, probe, { columns: 100, rows: 30 });
    await tui.type('iris_spark\t\t');
    await tui.press('down', 'space', 'enter');
    await focusPanel(tui, 'Spark');
    await tui.press('space');
    assert.match(tui.frame(), /\[x\] Spark/);
    await tui.press('esc');
    assert.equal(screenOf(tui.frame()), 'Project');
    assert.match(tui.frame().replace(/\s+/g, ' '), /Spark takes the place of the model type: the choice below is left out while it is on\./);
  });

  it('the model type chosen stays the answer while Spark plays its part, and comes back with the project', async () => {
    const home = freshHome();
    const tui = await startTui(catalog, probe, { columns: 100, rows: 30 });
    await tui.type('iris_kept\t\t');
    await tui.press('down', 'space', 'enter');
    await focusPanel(tui, 'Spark');
    await tui.press('space', 'enter', 'w');
    await tui.waitFor(/Done\. Next:/);
    const dir = join(home, 'iris_kept');
    assert.equal(JSON.parse(readFileSync(join(dir, 'leo.json'), 'utf8')).model, 'sklearn');

    const opened = await startInk(<App catalog={catalog} probe={probe} size={{ columns: 100, rows: 30 }} opened={openProject(dir, catalog)} />);
    assert.match(opened.frame(), /\(\*\) scikit-learn/);
    await opened.press('enter');
    await focusPanel(opened, 'Spark');
    await opened.press('space', 'esc');
    assert.doesNotMatch(opened.frame(), /takes the place/, 'Spark off gives the choice back');
    assert.match(opened.frame(), /\(\*\) scikit-learn/);
  });
});
