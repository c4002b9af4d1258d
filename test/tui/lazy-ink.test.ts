import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { leoBin, repoRoot } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';

const dist = join(repoRoot, 'dist');
/** Only Ink's renderer contains this: its root DOM node's name. */
const INK_MARK = /["']ink-root["']/;

/** Every module URL `leo args…` loads, recorded by a module loader hook. */
function loadedModules(args: string[], cwd: string): { urls: string[]; status: number | null; stderr: string } {
  const dir = tempDir('leo-hooks-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, leoBin, ...args], { cwd, encoding: 'utf8' });
  return { urls: readFileSync(log, 'utf8').split('\n').filter(Boolean), status: result.status, stderr: result.stderr };
}

describe('preset mode does not load Ink', () => {
  it('the Ink chunk exists, and `leo --preset … --dry-run` loads neither it nor any Ink module', () => {
    const inkChunks = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => INK_MARK.test(readFileSync(join(dist, f), 'utf8')));
    assert.ok(inkChunks.length > 0, 'the build has a chunk with Ink in it (else this test proves nothing)');
    assert.ok(!inkChunks.includes('cli.js'), 'Ink is not in the entry chunk');

    const home = tempDir();
    writeFileSync(join(home, 'preset.json'), JSON.stringify({ name: 'lazy_ink', framework: 'flask' }));
    const { urls, status, stderr } = loadedModules(['--preset', 'preset.json', '--dry-run'], home);
    assert.equal(status, 0, stderr);
    const files = urls.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    assert.ok(files.includes(join(dist, 'cli.js')), `the hook saw the modules: ${files.join(', ')}`);
    for (const chunk of inkChunks) assert.ok(!files.includes(join(dist, chunk)), `${chunk} was loaded`);
    assert.deepEqual(
      files.filter((f) => /node_modules[/\\](ink|react|yoga-layout)[/\\]/.test(f)),
      [],
      'no Ink, React or Yoga module from node_modules',
    );
  });
});
