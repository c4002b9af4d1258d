// Keys as a terminal delivers them: several in one read (key repeat, a paste, a busy machine), and
// the editing keys of a text field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { splitKeys } from '../../src/tui/input.js';
import { fakeProbe } from '../helpers/fixture-catalog.js';
import { KEYS, screenOf, startTui } from './driver.js';
import { catalog, freshHome, toComponents } from './fixture.js';

describe('keys that arrive in one read', () => {
  it('are split into keys, text character by character, escape sequences whole', () => {
    assert.deepEqual(
      splitKeys('jj').map((k) => k.name),
      ['j', 'j'],
    );
    assert.deepEqual(
      splitKeys('n \r\t\u007F\b\u0003\u0017').map((k) => k.name),
      ['n', 'space', 'enter', 'tab', 'backspace', 'backspace', 'ctrl-c', 'ctrl-w'],
    );
    assert.deepEqual(splitKeys('ü?'), [
      { name: 'ü', text: 'ü' },
      { name: '?', text: '?' },
    ]);
    assert.deepEqual(
      ['\u001B[A', '\u001B[3~', '\u001B[Z', '\u001BOH', '\u001B[6~', '\u001B', '\u001B\u007F', '\u001BOP'].map((s) => splitKeys(s).map((k) => k.name)),
      [['up'], ['delete'], ['shift-tab'], ['home'], ['pgdn'], ['esc'], ['meta-backspace'], ['f1']],
    );
  });

  it('Esc sent together with a key is Esc, then the key: no Alt-j, no lost Esc', () => {
    assert.deepEqual(
      ['\u001B\u001B', '\u001Bj', '\u001B\u001B[A'].map((s) => splitKeys(s).map((k) => k.name)),
      [['esc', 'esc'], ['esc', 'j'], ['esc', 'up']],
    );
  });

  it('two Escs in one read go back two screens', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.press('enter');
    assert.equal(screenOf(tui.frame()), 'Preview');
    await tui.type('\u001B\u001B');
    await tui.waitFor(/\[1 Project\]/);
  });

  it('three Backspaces in one read delete three characters', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_demoxyz');
    await tui.type(KEYS.backspace.repeat(3));
    assert.match(tui.frame(), /Project name +iris_demo\n +valid/);
  });

  it('a pasted name ending in Enter is typed, then Enter moves on', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.type('iris_paste\r');
    assert.match(tui.frame(), /Project name +iris_paste\n +valid/);
    assert.match(tui.frame(), /> Target folder/);
  });

  it('two Tabs in one read move two panels', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    assert.match(tui.frame(), /- Web framework/);
    await tui.type('\t\t');
    assert.match(tui.frame(), /- Docker/);
  });

  it('Enter followed at once by j j j j and Enter: each applies to the screen the key before made', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await toComponents(tui);
    await tui.type('\rjjjj\r');
    assert.match(tui.frame(), /iris_demo\/model\.py {2}from generic/);
  });
});

describe('a text field', () => {
  /** The project screen with this name typed, and the name field's line. */
  async function named(name: string, size?: { columns: number; rows: number }) {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']), size);
    await tui.type(name);
    const field = () => /Project name +(.*)/.exec(tui.frame())![1]!.trimEnd();
    return { tui, field };
  }

  it('Delete deletes the character under the cursor; Backspace the one before', async () => {
    const { tui, field } = await named('iris_demo');
    await tui.press('home', 'delete');
    assert.equal(field(), 'ris_demo');
    await tui.press('right', 'backspace');
    assert.equal(field(), 'is_demo');
  });

  it('has the readline keys: Ctrl-A, Ctrl-E, Ctrl-W, Ctrl-U, Ctrl-K', async () => {
    const { tui, field } = await named('iris_demo_model');
    await tui.type('\u0017');
    assert.equal(field(), 'iris_demo_', 'ctrl-w deletes the word before the cursor');
    await tui.type('\u0001\u0004');
    assert.equal(field(), 'ris_demo_', 'ctrl-a goes to the start');
    await tui.type('\u0005x');
    assert.equal(field(), 'ris_demo_x', 'ctrl-e goes to the end');
    await tui.press('left', 'left');
    await tui.type('\u000B');
    assert.equal(field(), 'ris_demo', 'ctrl-k deletes to the end');
    await tui.type('\u0015');
    assert.equal(field(), 'e.g. iris_classifier', 'ctrl-u deletes to the start: the field is empty, its placeholder shows');
  });

  it('types ? and q as text; F1 opens the help', async () => {
    freshHome();
    const tui = await startTui(catalog, fakeProbe(['docker']));
    await tui.press('tab');
    assert.match(tui.frame(), /> Target folder/);
    await tui.type('a?q');
    assert.match(tui.frame(), /Target folder +a\?q/);
    assert.doesNotMatch(tui.frame(), /Keys on this screen|Quit Leo/);
    assert.match(tui.frame(), /F1 help/);
    await tui.press('f1');
    assert.match(tui.frame(), /Keys on this screen/);
  });

  it('a value longer than the field scrolls to the cursor', async () => {
    const long = `${'a'.repeat(30)}_${'b'.repeat(30)}`;
    const { tui, field } = await named(long, { columns: 50, rows: 16 });
    assert.match(field(), /b{20}$/, 'the end, where the cursor is');
    assert.doesNotMatch(field(), /\.\.\.|…/);
    await tui.press('home');
    assert.match(field(), /^a{20}/, 'the start, where the cursor went');
    assert.equal(screenOf(tui.frame()), 'Project');
  });

  it('a paste is typed whole into the field: its line break neither moves the focus nor lands in the value', async () => {
    const { tui, field } = await named('my_');
    await tui.type('\u001B[200~model\nsecond_line\u001B[201~');
    assert.equal(field(), 'my_modelsecond_line');
    assert.match(tui.frame(), /> Project name/);
  });

  it('edits characters, not UTF-16 units: an emoji or an accent typed as two code points goes with one Backspace', async () => {
    const { tui, field } = await named('é🚀e\u0301');
    await tui.press('backspace');
    assert.equal(field(), 'é🚀');
    await tui.press('backspace');
    assert.equal(field(), 'é');
    assert.doesNotMatch(tui.frame(), /\uFFFD/);
    await tui.press('left');
    await tui.type('x');
    assert.equal(field(), 'xé');
  });

  it('wide characters scroll by their cells: the cursor stays on screen', async () => {
    const { tui, field } = await named(`${'一'.repeat(39)}末`);
    assert.match(field(), /^<一+末$/, 'the end, where the cursor is, with the cut marked');
    const line = tui.frame().split('\n').find((l) => l.includes('末'))!;
    assert.ok(stringWidth(line) <= 79, `${stringWidth(line)} cells`);
    await tui.press('home');
    assert.match(field(), /^一+>$/);
  });

  it('shows the cursor as a bar where the terminal shows no styles (NO_COLOR)', async (t) => {
    process.env.NO_COLOR = '1';
    t.after(() => delete process.env.NO_COLOR);
    const { tui, field } = await named('iris_demo');
    assert.equal(field(), 'iris_demo|');
    await tui.press('left', 'left');
    assert.equal(field(), 'iris_de|mo');
  });
});
