// A forced write into a folder of the user's that fails half-way: every file back as it was.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { runLeo } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';
import { needCommand, requireTools } from '../helpers/tools.js';
import { terminal } from '../tui/terminal.js';
import { snapshot } from './project.js';

/**
 * Makes `dir` a folder no file can be moved into, and returns how to undo it; when that cannot be
 * done here, skips the test on a laptop and fails it where LEO_REQUIRE_TOOLS=1.
 */
function lockFolder(t: TestContext, dir: string): { unlock(): void } | undefined {
  const lock = tryLock(dir);
  if (!('problem' in lock)) return lock;
  if (requireTools) throw new Error(`a folder Leo cannot write into is required (LEO_REQUIRE_TOOLS=1): ${lock.problem}`);
  t.skip(lock.problem);
  return undefined;
}

/** Immutable (chattr +i) where that works, since chmod does not stop root; read-only otherwise; checked by trying. */
function tryLock(dir: string): { unlock(): void } | { problem: string } {
  const immutable = spawnSync('chattr', ['+i', dir], { encoding: 'utf8' });
  const lock =
    immutable.status === 0
      ? { unlock: () => void spawnSync('chattr', ['-i', dir]) }
      : process.getuid?.() !== 0
        ? (chmodSync(dir, 0o555), { unlock: () => chmodSync(dir, 0o755) })
        : undefined;
  if (!lock) return { problem: `chattr +i failed as root (${(immutable.error?.message ?? immutable.stderr).trim()}), and chmod does not stop root` };
  try {
    writeFileSync(join(dir, 'probe'), '');
  } catch {
    return lock;
  }
  rmSync(join(dir, 'probe'));
  lock.unlock();
  return { problem: 'the folder could still be written into' };
}

describe('leo --preset --force into a folder it cannot write completely', () => {
  it('lists what it replaces, fails, and leaves every file as it was, byte for byte', (t) => {
    const home = tempDir();
    writeFileSync(join(home, 'p.json'), JSON.stringify({ name: 'iris', framework: 'flask', model: 'sklearn', docker: true }));
    const dir = join(home, 'iris');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# My own notes\n');
    writeFileSync(join(dir, 'models', 'model.pkl'), 'a model of mine');
    const before = snapshot(dir);
    const lock = lockFolder(t, join(dir, 'models'));
    if (!lock) return;
    let result;
    try {
      result = runLeo(['--preset', 'p.json', '--out', 'iris', '--force'], home);
    } finally {
      lock.unlock();
    }
    assert.equal(result.status, 1, result.output);
    assert.match(result.stdout, /^ {2}replaced +README\.md +base +\(a file of yours of the same name: --force replaces it\)$/m);
    assert.match(result.stderr, /could not write .*iris: .*models\/\.gitkeep.*; nothing was changed: every file is as it was/);
    assert.doesNotMatch(result.stdout, /^wrote/m);
    // Bytes, modes, inodes and times: the user's README is the very file it was.
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(readdirSync(home).sort(), ['iris', 'p.json'], 'no staging folder left beside it');
  });

  it('the session in a real terminal (tmux): the overwrite dialog names what it replaces, the write fails, nothing changed', async (t) => {
    if (!needCommand(t, 'tmux')) return;
    const home = tempDir();
    const dir = join(home, 'iris');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# My own notes\n');
    const before = snapshot(dir);
    const lock = lockFolder(t, join(dir, 'models'));
    if (!lock) return;
    try {
      const term = terminal(home);
      await term.waitFor(/Project name/);
      await term.press('iris', /Project name +iris\n/, true);
      await term.press(['Enter', 'Enter', 'Enter'], /\[2 Components\]/);
      await term.press('Enter', /\[3 Preview\]/);
      let screen = await term.press('w', /exists and is not empty/);
      assert.match(screen, /these files there are replaced: README\.md;/);
      screen = await term.press('o', /Nothing written to iris: every file there is as it was/);
      assert.match(screen, /nothing was changed/);
    } finally {
      lock.unlock();
    }
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(readdirSync(home), ['iris'], 'no staging folder left beside it');
  });

  it('with the folder writable, the same command replaces the namesakes and keeps the rest', () => {
    const home = tempDir();
    writeFileSync(join(home, 'p.json'), JSON.stringify({ name: 'iris', framework: 'flask', model: 'sklearn' }));
    const dir = join(home, 'iris');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# My own notes\n');
    writeFileSync(join(dir, 'models', 'model.pkl'), 'a model of mine');
    const dry = runLeo(['--preset', 'p.json', '--out', 'iris', '--force', '--dry-run'], home);
    assert.equal(dry.status, 0, dry.output);
    assert.match(dry.stdout.split('\n')[0]!, /^ {2}replaced +README\.md/, 'the dry run names them first too');
    const result = runLeo(['--preset', 'p.json', '--out', 'iris', '--force'], home);
    assert.equal(result.status, 0, result.output);
    assert.match(result.stdout.split('\n')[0]!, /^ {2}replaced +README\.md/, 'the replaced files come first');
    assert.ok(snapshot(dir).has('models/model.pkl'));
    assert.ok(snapshot(dir).has('leo.json'));
  });
});
