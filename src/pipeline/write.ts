import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
// node:fs rather than fs-extra: staging sits beside the target (a rename, never a copy across devices), and
// preset mode, which writes through here, keeps its start-up target without fs-extra's import time.
import { LeoError } from '../errors.js';
import type { RenderedFile } from './render.js';

export interface WriteOptions {
  /** Write into a non-empty folder: generated files replace their namesakes, every other file stays. */
  force: boolean;
  onFile?: (path: string, index: number, total: number) => void;
}

/**
 * Writes the project so that a failure leaves nothing half-written: every file goes into a staging
 * folder beside the target first, and only a complete staging folder is moved into place.
 */
export function writeProject(files: RenderedFile[], target: string, options: WriteOptions): void {
  const dir = resolve(target);
  const existing = inspectTarget(dir);
  if (existing === 'non-empty' && !options.force) {
    throw new LeoError(`${target} already exists and is not empty; choose another folder or use --force to write over it`);
  }
  if (existing === 'non-empty') checkNoClash(files, dir);

  let createdParents: string | undefined;
  let staging: string | undefined;
  try {
    // mkdirSync reports the topmost folder it created, so a failure can take the parents back too.
    createdParents = mkdirSync(dirname(dir), { recursive: true });
    const stage = (staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}.leo-staging-`)));
    files.forEach((file, index) => {
      const out = join(stage, file.path);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, file.content, { mode: file.executable ? 0o755 : 0o644 });
      options.onFile?.(file.path, index, files.length);
    });
    if (existing === 'non-empty') {
      mergeInto(stage, dir, files);
    } else {
      if (existing === 'empty') rmSync(dir, { recursive: true });
      renameSync(stage, dir);
    }
  } catch (error) {
    if (createdParents) rmSync(createdParents, { recursive: true, force: true });
    throw error instanceof LeoError ? error : new LeoError(`could not write ${target}: ${(error as Error).message}`);
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

/** What is at the target now; something other than a folder there is an error. */
export function inspectTarget(dir: string): 'missing' | 'empty' | 'non-empty' {
  let stats;
  try {
    stats = lstatSync(dir);
  } catch {
    return 'missing';
  }
  if (!stats.isDirectory()) throw new LeoError(`${dir} exists and is not a folder`);
  return readdirSync(dir).length === 0 ? 'empty' : 'non-empty';
}

/** Refuses up front what a forced write could not finish: a folder where a file goes, or a file where a folder goes. */
function checkNoClash(files: RenderedFile[], dir: string): void {
  const problems: string[] = [];
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i <= parts.length; i += 1) {
      const here = join(dir, ...parts.slice(0, i));
      let stats;
      try {
        stats = statSync(here);
      } catch {
        break;
      }
      const wantsDir = i < parts.length;
      if (stats.isDirectory() !== wantsDir) {
        problems.push(`${parts.slice(0, i).join('/')} is a ${stats.isDirectory() ? 'folder' : 'file'} in ${dir}`);
        break;
      }
    }
  }
  if (problems.length > 0) throw new LeoError(`cannot write over ${dir}`, problems);
}

function mergeInto(staging: string, dir: string, files: RenderedFile[]): void {
  for (const file of files) {
    const out = join(dir, file.path);
    mkdirSync(dirname(out), { recursive: true });
    renameSync(join(staging, file.path), out);
  }
}
