// The preview's port table: focusable only when it does not fit, and never a trap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { screenOf, startTui } from './driver.js';
import { catalog, focusPanel, freshHome, toComponents } from './fixture.js';

/** The preview of a project with three ports (the API, Prometheus and the Grafana it brings). */
async function previewWithPorts(size: { columns: number; rows: number }) {
  freshHome();
  const tui = await startTui(catalog, fakeProbe(['docker']), size);
  await toComponents(tui);
  await focusPanel(tui, 'Monitoring');
  await tui.press('up', 'space', 'enter');
  assert.equal(screenOf(tui.frame()), 'Preview');
  return tui;
}

describe('the preview port table', () => {
  it('takes no tab when every port fits, from the first frame on', async () => {
    const tui = await previewWithPorts({ columns: 80, rows: 24 });
    assert.match(tui.frame(), /Grafana +3000\/tcp/);
    assert.doesNotMatch(tui.frame(), /tab ports/);
  });

  it('when it does not fit, tab goes into it and tab, shown, comes back', async () => {
    const tui = await previewWithPorts({ columns: 80, rows: 12 });
    assert.match(tui.frame(), /tab ports/);
    await tui.press('tab');
    assert.match(tui.frame(), /tab files/);
    await tui.press('down', 'tab');
    assert.match(tui.frame(), /tab ports/);
    await tui.press('down', 'down', 'down', 'down');
    assert.match(tui.frame(), /enter open file/, 'back in the files');
  });
});
