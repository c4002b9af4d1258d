import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog, Probe } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { merge3 } from './merge3.js';
import { openProject } from '../project-file.js';
import { ANSWERS_FILE, type Answers, RECORD_FILE, type RenderedFile, type Resolution, leoVersion, readRecord, renderAnswers, validatePreset } from './pipeline.js';

/**
 * What an update does to one file:
 * - added: newly generated, not on disk before;
 * - replaced: a new project's file written over the user's namesake (--force);
 * - updated: untouched by the user, replaced by the new version;
 * - merged: changed by the user and by the update, merged without conflict;
 * - conflict: changed by both in the same place, written with conflict markers (or, for a file that
 *   is not text, left as the user's);
 * - removed: no longer generated and never touched by the user;
 * - kept: the user's version stays (a file the update no longer generates but the user changed, or
 *   a file the user deleted);
 * - untouched: nothing to do (the update leaves it as generated, or the user's edit stands alone).
 */
export type FileStatus = 'added' | 'replaced' | 'updated' | 'merged' | 'conflict' | 'removed' | 'kept' | 'untouched';

export interface FileUpdate {
  path: string;
  status: FileStatus;
  /** The component behind the file in the new project, or in the old one for a file going away. */
  component: string;
  /** Why a file is kept, or what the conflict is. */
  note?: string;
  /** The file on disk now; undefined when there is none. */
  before?: Buffer;
  /** What the update writes; undefined when it writes nothing to this path. */
  after?: Buffer;
  executable: boolean;
  /** Conflict blocks written into the file. */
  conflicts: number;
  /** For a file Leo cannot tell about (a project from before the record): the other choice, which `choose` takes. */
  alternative?: Pick<FileUpdate, 'status' | 'note' | 'after'>;
}

export interface UpdatePlan {
  /** The project folder, absolute. */
  dir: string;
  /** The answers recorded in the project's leo.json (none for a new project), and the answers after the change and the rules. */
  before?: Answers;
  after: Answers;
  /** The new answers resolved: the selection the updated project is made of. */
  resolution: Resolution;
  /** The rules' warnings for the new answers, then, for a project with no record of what Leo wrote, what Leo cannot tell apart. */
  warnings: string[];
  /** Every generated path, old or new, that the update looks at, sorted by path (a new project's replaced files first); the record, then leo.json, last. */
  files: FileUpdate[];
}

/** Answer keys that an update may not change: the name names the package folder and every module. */
const FIXED_KEYS = ['name', 'leo_version'];

export const CONFLICT_LABELS = { ours: 'yours', theirs: 'leo update' };

/** The recorded answers with the changes applied; a change of name, or of the recorded version, is refused. */
export function changedAnswers(current: Answers, changes: Record<string, unknown>, catalog: Catalog, source: string): Answers {
  const problems = FIXED_KEYS.filter((key) => key in changes && changes[key] !== (current as Record<string, unknown>)[key]).map((key) =>
    key === 'name'
      ? `"name" cannot change in an update: it names the package folder and the project's modules (generate a new project instead)`
      : `"leo_version" is recorded by Leo, not set`,
  );
  if (problems.length > 0) throw new LeoError(`${source}: cannot apply these changes`, problems);
  const { leo_version: _recorded, ...rest } = changes;
  return validatePreset({ ...current, ...rest }, catalog, source);
}

/**
 * Plans the update of the project in `dir` to `answers`, reading the disk and writing nothing.
 * base = what Leo last wrote, from the project's record (for a project from before the record, the
 * recorded answers regenerated with this Leo's templates: a guess, flagged file by file);
 * ours = the files on disk; theirs = the project rendered from the new answers.
 */
export function planUpdate(dir: string, answers: Answers, catalog: Catalog, probe: Probe): UpdatePlan {
  const { dir: root, answers: recorded, recordedVersion } = openProject(dir, catalog);
  const record = readRecord(root);
  const theirs = renderAnswers(answers, catalog, probe);
  const warnings = [...theirs.resolution.warnings];
  if (!record) {
    warnings.push(
      `${ANSWERS_FILE} records ${recordedVersion ? `Leo ${recordedVersion}` : 'no Leo version'}, and the project has no record of what that Leo wrote (${RECORD_FILE}, kept since Leo 0.2.0). ` +
        `A file that differs from what this Leo ${leoVersion} writes may be your edit or an earlier template: it is kept unless you choose Leo's version. ` +
        `A file this Leo writes that is missing may be new in this Leo or deleted by you: it is added unless you choose to leave it out.`,
    );
  }
  const base = record ?? renderAnswers(recorded, catalog, probe).files;
  const files = planFiles(root, byPath(base), theirs.files, record ? 'update' : 'guessed-base');
  return { dir: root, before: recorded, after: theirs.resolution.answers, resolution: theirs.resolution, warnings, files };
}

/**
 * Plans the creation of a project in `dir`: an update whose base is empty. A folder that exists and
 * holds files is refused unless `force`; then a file Leo writes replaces its namesake, listed first.
 */
export function planCreate(dir: string, generated: { resolution: Resolution; rendered: RenderedFile[] }, force: boolean): UpdatePlan {
  const root = resolve(dir);
  if (inspectTarget(root) === 'non-empty' && !force) {
    throw new LeoError(`${dir} already exists and is not empty; choose another folder or use --force to write over it`);
  }
  const files = planFiles(root, new Map(), generated.rendered, 'create');
  const order = (f: FileUpdate) => (f.status === 'replaced' ? 0 : 1);
  files.sort((a, b) => order(a) - order(b));
  const { resolution } = generated;
  return { dir: root, after: resolution.answers, resolution, warnings: resolution.warnings, files };
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

/**
 * How the base is known: `update`, from the project's record; `guessed-base`, regenerated with
 * this Leo's templates (a template change and an edit look alike); `create`, empty.
 */
type BaseKind = 'update' | 'guessed-base' | 'create';

/** Every path, sorted; leo.json and the record (always this Leo's) last, leo.json the very last. */
function planFiles(root: string, base: Map<string, RenderedFile>, theirs: RenderedFile[], kind: BaseKind): FileUpdate[] {
  const newFiles = byPath(theirs);
  const last = [RECORD_FILE, ANSWERS_FILE];
  const paths = [...new Set([...base.keys(), ...newFiles.keys()])].filter((p) => !last.includes(p)).sort();
  const files = paths.map((path) => planFile(path, base.get(path), newFiles.get(path), readOurs(root, path), kind));
  return [...files, ...last.flatMap((path) => (newFiles.has(path) ? [replacedByLeo(root, newFiles.get(path)!)] : []))];
}

/** leo.json takes the new answers (and this Leo's version), the record what this Leo writes. */
function replacedByLeo(root: string, file: RenderedFile): FileUpdate {
  const before = readOurs(root, file.path);
  const status = before === undefined ? 'added' : before.equals(file.content) ? 'untouched' : 'updated';
  return { path: file.path, status, component: file.component, before, after: status === 'untouched' ? undefined : file.content, executable: false, conflicts: 0 };
}

function planFile(path: string, base: RenderedFile | undefined, theirs: RenderedFile | undefined, ours: Buffer | undefined, kind: BaseKind): FileUpdate {
  const component = (theirs ?? base)!.component;
  const executable = (theirs ?? base)!.executable;
  const result = (status: FileStatus, extra: Partial<FileUpdate> = {}): FileUpdate => ({ path, status, component, before: ours, executable, conflicts: 0, ...extra });
  const guessed = kind === 'guessed-base';

  if (!theirs) {
    // The update no longer generates it: it goes only if the user left it as generated.
    if (ours === undefined) return result('untouched');
    if (ours.equals(base!.content)) return result('removed');
    return result('kept', { note: 'no longer generated, but you changed it' });
  }
  if (ours === undefined) {
    if (!base) return result('added', { after: theirs.content });
    if (guessed) {
      return result('added', {
        after: theirs.content,
        note: 'new in this Leo, or deleted by you: Leo cannot tell',
        alternative: { status: 'kept', note: 'left out: new in this Leo, or deleted by you' },
      });
    }
    return result('kept', { note: theirs.content.equals(base.content) ? 'you deleted it' : 'you deleted it; the update changes it, and leaves it deleted' });
  }
  if (ours.equals(theirs.content)) return result('untouched');
  if (kind === 'create') return result('replaced', { after: theirs.content, note: 'a file of yours of the same name: --force replaces it' });
  if (base && ours.equals(base.content)) return result('updated', { after: theirs.content });
  if (base && theirs.content.equals(base.content)) {
    if (guessed) {
      return result('kept', {
        note: 'differs from what this Leo writes: your edit, or an earlier Leo\'s version: Leo cannot tell',
        alternative: { status: 'updated', after: theirs.content, note: 'this Leo\'s version, chosen over yours' },
      });
    }
    return result('untouched', { note: 'your edit stands: the update does not change this file' });
  }

  // Changed on both sides, or a file of the user's where the update now generates one: merge
  // (against an empty base in the second case, so that every difference is a conflict).
  const baseContent = base?.content ?? Buffer.alloc(0);
  if ([baseContent, ours, theirs.content].some(isBinary)) {
    return result('conflict', { note: 'not text: yours is left as it is, the new version is not merged in' });
  }
  const merged = merge3(baseContent.toString('utf8'), ours.toString('utf8'), theirs.content.toString('utf8'), CONFLICT_LABELS);
  const after = Buffer.from(merged.text);
  if (merged.conflicts === 0) return after.equals(ours) ? result('untouched') : result('merged', { after });
  return result('conflict', { after, conflicts: merged.conflicts, note: `${merged.conflicts} conflict${merged.conflicts === 1 ? '' : 's'} marked in the file` });
}

/**
 * The plan with the other choice taken for each of `paths` (files Leo cannot tell about, in a
 * project from before the record); a path with no choice to make is an error.
 */
export function choose(plan: UpdatePlan, paths: Iterable<string>): UpdatePlan {
  const wanted = new Set(paths);
  const problems = [...wanted]
    .filter((path) => !plan.files.some((f) => f.path === path && f.alternative))
    .map((path) => `${path}: ${plan.files.some((f) => f.path === path) ? 'Leo knows whether you changed it: there is nothing to choose' : 'Leo does not write this file'}`);
  if (problems.length > 0) throw new LeoError('cannot choose for these files', problems);
  const files = plan.files.map((file) => {
    if (!wanted.has(file.path) || !file.alternative) return file;
    const { status, note, after } = file.alternative;
    return { ...file, status, note, after, alternative: { status: file.status, note: file.note, after: file.after } };
  });
  return { ...plan, files };
}

function byPath(files: RenderedFile[]): Map<string, RenderedFile> {
  return new Map(files.map((f) => [f.path, f]));
}

/** The user's file, or undefined when there is none; a folder where a file is generated is refused. */
function readOurs(root: string, path: string): Buffer | undefined {
  const full = join(root, path);
  let stats;
  try {
    stats = lstatSync(full);
  } catch {
    return undefined;
  }
  if (!stats.isFile()) throw new LeoError(`cannot write ${root}: ${path} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}, and Leo generates a file there`);
  return readFileSync(full);
}

/** Text that is not UTF-8, or holds a NUL byte, is not merged line by line. */
function isBinary(content: Buffer): boolean {
  return content.includes(0) || !Buffer.from(content.toString('utf8')).equals(content);
}
