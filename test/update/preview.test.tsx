// The update's preview screen in ink-testing-library (100x30): each file with its status, and the
// viewer's diff of a file, before anything is written.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { UpdatePreview } from '../../src/tui/update/preview.js';
import { describeChanges } from '../../src/update/command.js';
import { planUpdate } from '../../src/update/update-plan.js';
import { tempDir } from '../helpers/tmp.js';
import { startInk } from '../tui/driver.js';
import { answersOf, edit, generate, probe, snapshot } from './project.js';

describe('update preview (ink-testing-library, 100x30)', () => {
  it('lists each file with its status, shows a file\'s diff, and writes nothing', async () => {
    const dir = join(tempDir(), 'iris');
    const start = { name: 'iris', framework: 'flask', model: 'sklearn', docker: true };
    generate(answersOf(start), dir);
    edit(dir, 'README.md', '## Components\n', 'Our own paragraph.\n\n## Components\n');
    edit(dir, 'docker-compose.yml', 'WEB_CONCURRENCY: "2"', 'WEB_CONCURRENCY: "8"');
    const before = snapshot(dir);
    const plan = planUpdate(dir, answersOf({ ...start, monitoring: 'prometheus' }), catalog, probe);
    const screen = await startInk(<UpdatePreview plan={plan} changes={describeChanges(plan, catalog)} size={{ columns: 100, rows: 30 }} />);

    let frame = screen.frame();
    assert.match(frame, /^ Leo {2}\[leo update\] +iris$/m);
    assert.match(frame, /^ monitoring: none → prometheus$/m);
    assert.match(frame, /^ warning: A monitoring tool adds Grafana/m);
    assert.match(frame, /^ Update of .*iris: \d+ of \d+ files change$/m);
    assert.match(frame, /^ > merged +README\.md +base$/m, 'the cursor starts on the first file');
    assert.match(frame, /^ {3}conflict +docker-compose\.yml +docker \(1 conflict marked in the file\)$/m);
    assert.match(frame, /^ {3}added +prometheus\/prometheus\.yml +prometheus$/m);
    assert.match(frame, /enter diff {2}w write {2}esc leave without writing/);

    // The README's diff: the new table row, and the user's paragraph as context, not as a change.
    await screen.press('enter');
    frame = screen.frame();
    assert.match(frame, /^ README\.md {2}merged, lines 1-/m);
    assert.match(frame, /^--- a\/README\.md$/m);
    assert.match(frame, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    assert.match(frame, /^\+\| monitoring \| Prometheus \|/m);
    assert.doesNotMatch(frame, /^[-+]Our own paragraph\./m);
    await screen.press('esc');

    // The compose file's diff carries the markers the update would write.
    await screen.press('down');
    assert.match(screen.frame(), /^ > conflict +docker-compose\.yml/m);
    await screen.press('enter');
    frame = screen.frame();
    assert.match(frame, /^\+<<<<<<< yours$/m);
    assert.match(frame, /^\+>>>>>>> leo update$/m);
    await screen.press('esc');
    assert.match(screen.frame(), /^ > conflict +docker-compose\.yml/m);
    // Keys read together (a burst from a busy machine): each one moves.
    await screen.type('jj');
    assert.match(screen.frame(), /^ > added +grafana\/provisioning\/dashboards\/dashboards\.yml/m);
    assert.deepEqual(snapshot(dir), before, 'the preview wrote nothing');
  });

  it('a project from before the record: the files Leo cannot tell about, their diff, and c to take the other choice', async () => {
    const dir = join(tempDir(), 'iris');
    const answers = answersOf({ name: 'iris', framework: 'flask', model: 'sklearn' });
    const written = generate(answers, dir);
    // As an earlier Leo left it: no record, errors.py not as this Leo writes it, wire.py not there at all.
    rmSync(join(dir, '.leo'), { recursive: true });
    edit(dir, 'iris/errors.py', /\n$/, '\n# as an earlier Leo wrote it\n');
    rmSync(join(dir, 'iris/wire.py'));
    const plan = planUpdate(dir, answers, catalog, probe);
    let chosen = plan;
    const screen = await startInk(<UpdatePreview plan={plan} changes={describeChanges(plan, catalog)} onChoose={(next) => (chosen = next)} size={{ columns: 140, rows: 30 }} />);

    let frame = screen.frame();
    assert.match(frame, /no record of what that Leo wrote/);
    assert.match(frame, /^ [ >] kept +iris\/errors\.py +base \(differs from what this Leo writes: your edit, or an earlier Leo's version: Leo cannot tell\)$/m);
    assert.match(frame, /^ [ >] added +iris\/wire\.py +base \(new in this Leo, or deleted by you: Leo cannot tell\)$/m);
    while (!/^ > kept +iris\/errors\.py/m.test(screen.frame())) await screen.press('down');
    assert.match(screen.frame(), /c choose/);
    // Kept, it writes nothing; the viewer shows what the other choice would do.
    await screen.press('enter');
    frame = screen.frame();
    assert.match(frame, /c takes the other choice \(this Leo's version, chosen over yours\), which does this:/);
    assert.match(frame, /^-# as an earlier Leo wrote it$/m);
    await screen.press('esc');

    await screen.press('c');
    assert.match(screen.frame(), /^ > updated +iris\/errors\.py +base \(this Leo's version, chosen over yours\)$/m);
    assert.deepEqual(chosen.files.find((f) => f.path === 'iris/errors.py')?.after, written.get('iris/errors.py'));
    await screen.press('c');
    assert.match(screen.frame(), /^ > kept +iris\/errors\.py/m, 'c again takes the choice back');
    assert.equal(chosen.files.find((f) => f.path === 'iris/errors.py')?.after, undefined);
  });
});
