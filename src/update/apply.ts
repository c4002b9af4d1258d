import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LeoError } from '../errors.js';
import { shownPath } from '../paths.js';
import type { FileUpdate, UpdatePlan } from './update-plan.js';

export interface ApplyOptions {
  /** Called after each file is put in place (or removed): progress for a screen. */
  onFile?: (path: string, index: number, total: number) => void;
}

export interface ApplyResult {
  written: string[];
  removed: string[];
}

/** The files an update writes or removes, in the plan's order: leo.json last. */
export function changedFiles(plan: UpdatePlan): FileUpdate[] {
  return plan.files.filter((f) => f.after !== undefined || f.status === 'removed');
}

interface Step {
  path: string;
  /** Where the file that was at `path` waits, while the update runs. */
  backup?: string;
  placed: boolean;
}

/**
 * Applies the plan, a new project's or an update's, so that a failure leaves every file as it was:
 * the new contents are written to a staging folder beside the project first; then each file is
 * swapped in, its old version moved aside; on any error the swaps are undone in reverse order, and
 * the folders the apply made go. A project whose folder does not exist yet is staged whole and
 * moved into place in one rename. Nothing is written for a plan that changes nothing.
 */
export function applyUpdate(plan: UpdatePlan, options: ApplyOptions = {}): ApplyResult {
  const files = changedFiles(plan);
  if (files.length === 0) return { written: [], removed: [] };
  checkPaths(plan.dir, files);

  const createdDirs: string[] = [];
  const steps: Step[] = [];
  let staging: string | undefined;
  const fresh = !existsSync(plan.dir);
  try {
    // mkdirSync reports the topmost folder it made: the project's parents, or its own folder, to take back on failure.
    const created = mkdirSync(fresh ? dirname(plan.dir) : plan.dir, { recursive: true });
    if (created) createdDirs.push(created);
    staging = mkdtempSync(join(dirname(plan.dir), `.${basename(plan.dir)}.leo-write-`));
    files.forEach((file, index) => {
      if (file.after === undefined) return;
      const out = join(staging!, 'new', file.path);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, file.after, { mode: file.executable ? 0o755 : 0o644 });
      if (fresh) options.onFile?.(file.path, index, files.length);
    });
    if (fresh) renameSync(join(staging, 'new'), plan.dir);
    else swapIn(plan.dir, staging, files, steps, createdDirs, options);
  } catch (error) {
    rollBack(plan.dir, steps, createdDirs);
    if (staging) rmSync(staging, { recursive: true, force: true });
    const reason = error instanceof LeoError ? error.toString() : (error as Error).message;
    throw new LeoError(`could not write ${shownPath(plan.dir)}: ${reason}; nothing was changed: every file is as it was`);
  }
  rmSync(staging, { recursive: true, force: true });
  const removed = files.filter((f) => f.after === undefined).map((f) => f.path);
  for (const path of removed) removeEmptyParents(plan.dir, path);
  return { written: files.filter((f) => f.after !== undefined).map((f) => f.path), removed };
}

/** Moves each file into place, its old version aside into the staging folder; `steps` says what to undo. */
function swapIn(dir: string, staging: string, files: FileUpdate[], steps: Step[], createdDirs: string[], options: ApplyOptions): void {
  files.forEach((file, index) => {
    const target = join(dir, file.path);
    const step: Step = { path: file.path, placed: false };
    steps.push(step);
    if (existsSync(target)) {
      step.backup = join(staging, 'old', file.path);
      mkdirSync(dirname(step.backup), { recursive: true });
      renameSync(target, step.backup);
    }
    if (file.after !== undefined) {
      const created = mkdirSync(dirname(target), { recursive: true });
      if (created) createdDirs.push(created);
      renameSync(join(staging, 'new', file.path), target);
      step.placed = true;
    }
    options.onFile?.(file.path, index, files.length);
  });
}

function rollBack(dir: string, steps: Step[], createdDirs: string[]): void {
  for (const step of [...steps].reverse()) {
    const target = join(dir, step.path);
    if (step.placed) rmSync(target, { force: true });
    if (step.backup) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(step.backup, target);
    }
  }
  for (const created of createdDirs.reverse()) rmSync(created, { recursive: true, force: true });
}

/** Refuses up front what the swap could not finish: a file where a folder is needed on the way to a path. */
function checkPaths(dir: string, files: FileUpdate[]): void {
  const problems: string[] = [];
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i += 1) {
      const here = join(dir, ...parts.slice(0, i));
      if (existsSync(here) && !lstatSync(here).isDirectory()) {
        problems.push(`${parts.slice(0, i).join('/')} is a file, and Leo writes ${file.path}`);
        break;
      }
    }
  }
  if (problems.length > 0) throw new LeoError(`cannot write ${shownPath(dir)}: nothing was changed`, problems);
}

/** A folder emptied by the removal of generated files goes too (k8s/ when Kubernetes is switched off). */
function removeEmptyParents(dir: string, path: string): void {
  for (let parent = dirname(path); parent !== '.'; parent = dirname(parent)) {
    const full = join(dir, parent);
    if (!existsSync(full) || readdirSync(full).length > 0) return;
    rmdirSync(full);
  }
}
