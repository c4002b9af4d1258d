import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after } from 'node:test';

/** A temporary folder removed when the test file ends. */
export function tempDir(prefix = 'leo-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every path below dir (files and folders), sorted: a whole-tree snapshot to compare. */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => relative(dir, join(dir, p)) + (statSync(join(dir, p)).isDirectory() ? '/' : ''))
    .sort();
}
