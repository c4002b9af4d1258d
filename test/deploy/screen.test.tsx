// The deploy screen in ink-testing-library (80x24), running the generated project's CLI against
// the stand-ins: streaming, failure, cancel, rerun, and a flood of output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { MAX_LINES } from '../../src/deploy/log.js';
import { readProject, type Target } from '../../src/deploy/project.js';
import { DeployApp } from '../../src/tui/deploy/app.js';
import { REDRAW_MS } from '../../src/tui/deploy/screen.js';
import { fakeProbe, fixtureCatalog, fixtureCategories, fixtureEntries } from '../helpers/fixture-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import { startInk, startTui } from '../tui/driver.js';
import { alive, generated, withStandIns } from './stand-ins.js';

const withKubernetes = readProject(generated({ name: 'iris_classifier', kubernetes: true }), catalog);
const dockerOnly = readProject(generated({ name: 'iris_docker', docker: true }), catalog);

const deployScreen = (project = withKubernetes, target?: Target) =>
  startInk(<DeployApp project={project} target={target} size={{ columns: 80, rows: 24 }} />);

/** The lines of the frame that match, in their order on screen. */
const shown = (frame: string, pattern: RegExp) => frame.split('\n').filter((line) => pattern.test(line));

describe('deploy screen (ink-testing-library, 80x24)', () => {
  it("offers the project's targets and actions only, starting on the target asked for", async () => {
    let screen = await deployScreen(dockerOnly);
    let frame = screen.frame();
    assert.match(frame, /^ Leo {2}\[Deploy\] +iris_docker$/m);
    assert.deepEqual(shown(frame, /(Deploy to|Undeploy from|Status on) /).map((l) => l.trim()), ['> Deploy to Docker', 'Undeploy from Docker', 'Status on Docker']);
    assert.match(frame, /Runs: python3 iris_dockercli\.py deploy docker/);
    await screen.press('down');
    assert.match(screen.frame(), /> Undeploy from Docker/);
    assert.match(screen.frame(), /Stop the containers; they are kept/);

    screen = await deployScreen(withKubernetes, 'kubernetes');
    frame = screen.frame();
    assert.equal(shown(frame, / (Deploy|Undeploy|Status) /).length, 6);
    assert.match(frame, /> Deploy to Kubernetes/);
  });

  it('at 40x10 keeps the row Enter runs in view, wherever the cursor goes', async () => {
    const screen = await startInk(<DeployApp project={withKubernetes} size={{ columns: 40, rows: 10 }} />);
    const rows = (frame: string) => shown(frame, / (Deploy to|Undeploy from|Status on) /).map((l) => l.trim());
    assert.equal(rows(screen.frame())[0], '> Deploy to Docker', screen.frame());
    for (const expected of ['> Undeploy from Docker', '> Status on Docker', '> Deploy to Kubernetes', '> Undeploy from Kubernetes', '> Status on Kubernetes']) {
      await screen.press('down');
      assert.ok(rows(screen.frame()).includes(expected), screen.frame());
      assert.ok(screen.frame().split('\n').length <= 10);
    }
  });

  it('streams the lines in order while the command runs, and cancel ends every process it started', async () => {
    await withStandIns({ STANDIN_HANG: 'docker compose up*' }, async (tools) => {
      const screen = await deployScreen();
      await screen.press('enter');
      let frame = await screen.waitFor(/docker: hanging/);
      assert.match(frame, /^\$ python3 iris_classifiercli\.py deploy docker$/m);
      assert.match(frame, /^running \d+\.\d s {2}lines 1-5 of 5$/m);
      assert.deepEqual(shown(frame, /^(\$ docker|docker[ :])/), [
        '$ docker compose build',
        'docker compose build: out',
        'docker compose build: err',
        '$ docker compose up --detach',
        'docker: hanging',
      ]);
      assert.match(frame, /esc cancel/);

      const pids = tools.hung().flat();
      assert.equal(pids.length, 2);
      assert.ok(pids.every(alive), 'the stand-in and its child run');
      await screen.press('esc');
      frame = await screen.waitFor(/cancelled after \d+\.\d s/);
      assert.ok(pids.every((pid) => !alive(pid)), 'cancel left no process behind');
      assert.match(frame, /r rerun {2}esc back/);
    });
  });

  it('q asks first while a command runs (quitting would cancel it), and lists each key once in the help', async () => {
    await withStandIns({ STANDIN_HANG: 'docker compose up*' }, async (tools) => {
      const screen = await deployScreen();
      await screen.press('enter');
      await screen.waitFor(/docker: hanging/);
      await screen.press('q');
      assert.match(screen.frame(), /Quit while the command runs\?/);
      assert.match(screen.frame(), /y cancel it and quit {2}n\/esc stay/);
      await screen.press('n');
      assert.doesNotMatch(screen.frame(), /Quit while/);
      assert.match(screen.frame(), /^running /m, 'still running');
      assert.ok(tools.hung().flat().every(alive));

      await screen.press('?');
      const help = screen.frame();
      assert.equal(help.match(/^ ctrl-c /gm)?.length, 1, help);
      assert.equal(help.match(/^ q /gm)?.length, 1, help);
      assert.doesNotMatch(help, /^ down\/j /m);
      assert.match(help, /^ home\/g /m);
      assert.doesNotMatch(help, /\(also [gG]\)/, 'home/g says g once');
      await screen.press('esc', 'esc');
      await screen.waitFor(/cancelled after/);
    });
  });

  it('a failing command shows its status and error; r runs it again, esc goes back', async () => {
    await withStandIns({ STANDIN_FAIL: 'docker compose build*', STANDIN_MESSAGE: 'ERROR: failed to solve' }, async (tools) => {
      const screen = await deployScreen();
      await screen.press('enter');
      let frame = await screen.waitFor(/failed after/);
      assert.match(frame, /^failed after \d+\.\d s: exit status 1/m);
      // The long error line wraps: its end is on screen too.
      assert.match(frame, /^error: building the image failed: `docker compose build` exited with status 1; i\nts last lines:$/m);
      assert.match(frame, /^ {2}\| ERROR: failed to solve$/m);
      const builds = () => tools.calls().filter((call) => call === 'docker compose build').length;
      assert.equal(builds(), 1);

      await screen.press('r');
      await screen.waitFor(/running/);
      frame = await screen.waitFor(/failed after/);
      assert.equal(builds(), 2, 'run again');
      // The first frame after a key may be a redraw of the clock's: wait for the key's own.
      await screen.press('esc');
      await screen.waitFor(/> Deploy to Docker/);
    });
  });

  it('counts in its header only the lines on screen, not those a long wrapped line pushed off', async () => {
    await withStandIns({ STANDIN_FAIL: 'docker compose build*', STANDIN_MESSAGE: `ERROR: ${'x'.repeat(600)}` }, async () => {
      const screen = await startInk(<DeployApp project={withKubernetes} size={{ columns: 60, rows: 12 }} />);
      await screen.press('enter');
      const frame = await screen.waitFor(/failed after/);
      // The last line alone fills the rows: the header names it alone.
      assert.match(frame, /lines (\d+)-\1 of \1/, frame);
    });
  });

  it('a flood of 100,000 lines keeps the keys responsive and the log bounded', async () => {
    await withStandIns({ STANDIN_FLOOD: 'docker compose build*', STANDIN_FLOOD_LINES: '100000' }, async () => {
      const screen = await deployScreen();
      await screen.press('enter');
      assert.match(await screen.waitFor(/flood line/), /^running /m, 'the flood is on');
      const framesAtStart = screen.frames.length;
      // A key during the flood is drawn within a few redraws: the output does not hold it up.
      const pressed = Date.now();
      await screen.press('k');
      const frame = await screen.waitFor(/ paused$/m);
      const latency = Date.now() - pressed;
      assert.ok(latency < 10 * REDRAW_MS, `the key took ${latency} ms`);
      assert.match(frame, /f follow/);
      await screen.press('G');
      assert.doesNotMatch(screen.frame(), /paused/);

      const done = await screen.waitFor(/done in/);
      assert.match(done, new RegExp(`lines \\d+-100006 of 100006 \\(${MAX_LINES} kept\\)`));
      assert.match(done, /^flood line 100000$/m);
      // Redrawn on a clock, not per line.
      const frames = screen.frames.length - framesAtStart;
      assert.ok(frames < 200, `${frames} frames for 100,000 lines`);

      // Scrolled to the top, the view holds the oldest line kept.
      await screen.press('g');
      assert.match(screen.frame(), new RegExp(`lines ${100006 - MAX_LINES + 1}-`));
    });
  });
});

describe('deploy screen from the session', () => {
  it("the write screen's summary opens it with d", async () => {
    const fixture = fixtureCatalog(
      {
        base: { '__name__cli.py.njk': 'print("{{ name }}")\n' },
        flask: { '__name__/app.py': '' },
        generic: { '__name__/model.py': '' },
        docker: { Dockerfile: 'FROM python\n' },
        kubernetes: { 'k8s/app.yaml': 'kind: Deployment\n' },
      },
      fixtureEntries,
      fixtureCategories,
    );
    process.chdir(tempDir());
    const tui = await startTui(fixture, fakeProbe(['docker']));
    await tui.type('iris_summary');
    await tui.press('enter', 'enter', 'enter');
    for (let i = 0; i < 10 && !/- Docker/.test(tui.frame()); i += 1) await tui.press('tab');
    await tui.press('space', 'enter', 'w');
    const frame = await tui.waitFor(/Done\. Next:/);
    assert.match(frame, /d deploy/);
    await tui.press('d');
    await tui.waitFor(/\[Deploy\]/);
    assert.deepEqual(shown(tui.frame(), / (Deploy|Undeploy|Status) /).map((l) => l.trim()), ['> Deploy to Docker', 'Undeploy from Docker', 'Status on Docker']);
    assert.match(tui.frame(), /esc back/);

    // esc goes back to the summary, which shows the write that was done (it is not done again).
    await tui.press('esc');
    const summary = tui.frame();
    assert.match(summary, /\d+\/\d+ files written to iris_summary/);
    assert.match(summary, /Done\. Next:/);
    assert.match(summary, /d deploy/);
  });
});
