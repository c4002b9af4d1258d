// `leo deploy` in a real terminal (tmux, 80x24), against the stand-ins: a flood of output with the
// process's memory measured, cancel with no process left, and the main screen back at the end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { needCommand } from '../helpers/tools.js';
import { terminal } from '../tui/terminal.js';
import { alive, CONTENT_TAG, generated, standIns } from './stand-ins.js';

/** Resident memory of a process now, and at its peak, in MiB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** How much more memory than at rest `leo deploy` may reach while 100,000 lines stream through it. */
const FLOOD_GROWTH_MIB = 64;

describe('leo deploy in a real terminal (tmux, 80x24)', () => {
  it('streams a flood in bounded memory, cancels without leftovers, and gives the main screen back', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const project = generated({ name: 'iris_classifier', kubernetes: true });
    const tools = standIns();
    const term = terminal(project, {
      args: ['deploy'],
      env: {
        PATH: `${tools.bin}:${process.env.PATH}`,
        STANDIN_LOG: tools.log,
        STANDIN_CONTEXT: 'minikube',
        STANDIN_FLOOD: 'docker compose build*',
        STANDIN_FLOOD_LINES: '100000',
        STANDIN_HANG: 'kubectl apply*',
      },
    });
    let screen = await term.waitFor(/> Deploy to Docker/);
    assert.ok(term.alternateScreen());
    const leo = term.leoPid();
    const atRest = memory(leo);

    screen = await term.press('Enter', /done in/);
    assert.match(screen, /lines \d+-100006 of 100006 \(5000 kept\)/);
    assert.match(screen, /^flood line 100000$/m);
    const flooded = memory(leo);
    t.diagnostic(`leo's memory: ${atRest.rss.toFixed(0)} MiB at rest, peak ${flooded.peak.toFixed(0)} MiB with 100,000 lines`);
    assert.ok(flooded.peak - atRest.rss < FLOOD_GROWTH_MIB, `grew from ${atRest.rss} to ${flooded.peak} MiB`);

    await term.press('Escape', /> Deploy to Docker/);
    await term.press('Down', /> Undeploy from Docker/);
    await term.press('Down', /> Status on Docker/);
    await term.press('Down', /> Deploy to Kubernetes/);
    screen = await term.press('Enter', /kubectl: hanging/);
    assert.ok(screen.includes(`$ minikube image load iris-classifier:${CONTENT_TAG}`), screen);
    const pids = tools.hung().flat();
    assert.ok(pids.length === 2 && pids.every(alive));
    await term.press('C-c', /cancelled after/);
    assert.ok(pids.every((pid) => !alive(pid)), 'no process left behind');

    screen = await term.press('q', /leo exited with 0/);
    assert.ok(!term.alternateScreen());
    assert.match(screen, /main screen before leo\nleo exited with 0/);
  });

  it('esc on the choice of action leaves, as q does', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const project = generated({ name: 'iris_esc', docker: true });
    const term = terminal(project, { args: ['deploy'] });
    await term.waitFor(/> Deploy to Docker/);
    const screen = await term.press('Escape', /leo exited with 0/);
    assert.match(screen, /main screen before leo\nleo exited with 0/);
  });

  it('closing the terminal during a deploy ends leo and every process the deploy started', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const project = generated({ name: 'iris_hangup', docker: true });
    const tools = standIns();
    const term = terminal(project, {
      args: ['deploy'],
      env: { PATH: `${tools.bin}:${process.env.PATH}`, STANDIN_LOG: tools.log, STANDIN_HANG: 'docker compose up*' },
    });
    await term.waitFor(/> Deploy to Docker/);
    const leo = term.leoPid();
    await term.press('Enter', /docker: hanging/);
    const pids = tools.hung().flat();
    assert.ok(pids.length === 2 && pids.every(alive));
    term.close();
    // Bounded waits for what the hangup ends: not an expectation of speed.
    for (let i = 0; i < 150 && [leo, ...pids].some(alive); i += 1) await sleep(100);
    assert.ok(!alive(leo), 'leo ended');
    assert.deepEqual(pids.filter(alive), [], 'no process of the deploy left behind');
  });
});
