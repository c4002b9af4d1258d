import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog, Probe } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { merge3 } from './merge3.js';
import { ANSWERS_FILE, type Answers, type RenderedFile, type Resolution, leoVersion, parseJson, renderAnswers, validatePreset } from './pipeline.js';

/**
 * What an update does to one file:
 * - added: newly generated, not on disk before;
 * - updated: untouched by the user, replaced by the new version;
 * - merged: changed by the user and by the update, merged without conflict;
 * - conflict: changed by both in the same place, written with conflict markers (or, for a file that
 *   is not text, left as the user's);
 * - removed: no longer generated and never touched by the user;
 * - kept: the user's version stays (a file the update no longer generates but the user changed, or
 *   a file the user deleted);
 * - untouched: nothing to do (the update leaves it as generated, or the user's edit stands alone).
 */
export type FileStatus = 'added' | 'updated' | 'merged' | 'conflict' | 'removed' | 'kept' | 'untouched';

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
}

export interface UpdatePlan {
  /** The project folder, absolute. */
  dir: string;
  /** The answers recorded in the project's leo.json, and the answers after the change and the rules. */
  before: Answers;
  after: Answers;
  /** The Leo version leo.json records (undefined when it records none). */
  recordedVersion: string | undefined;
  /** The new answers resolved: the selection the updated project is made of. */
  resolution: Resolution;
  /** The rules' warnings for the new answers, then a note when the templates may have changed. */
  warnings: string[];
  /** Every generated path, old or new, that the update looks at, sorted by path; leo.json last. */
  files: FileUpdate[];
}

/** Answer keys that an update may not change: the name names the package folder and every module. */
const FIXED_KEYS = ['name', 'leo_version'];

export const CONFLICT_LABELS = { ours: 'yours', theirs: 'leo update' };

/** The answers a project records, and the Leo version that wrote them. */
export function readProjectAnswers(dir: string, catalog: Catalog): { answers: Answers; recordedVersion: string | undefined } {
  const file = join(dir, ANSWERS_FILE);
  if (!existsSync(file)) {
    throw new LeoError(`${dir} is not a Leo project: it has no ${ANSWERS_FILE}, the answers file Leo writes at the root of every project it generates`);
  }
  const raw = parseJson(readFileSync(file, 'utf8'), file);
  const answers = validatePreset(raw, catalog, file);
  const version = (raw as { leo_version?: unknown }).leo_version;
  return { answers, recordedVersion: typeof version === 'string' ? version : undefined };
}

/** A generated project opened to change its answers: its folder (absolute) and what its leo.json records. */
export interface OpenedProject {
  dir: string;
  answers: Answers;
  recordedVersion: string | undefined;
}

/** Opens the project in `dir` (`leo DIR`, or the session's first screen), saying why when it cannot. */
export function openProject(dir: string, catalog: Catalog): OpenedProject {
  const root = resolve(dir);
  let stats;
  try {
    stats = statSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeoError(code === 'ENOENT' || code === 'ENOTDIR' ? `${root} does not exist` : `cannot look into ${root} (${code})`);
  }
  if (!stats.isDirectory()) throw new LeoError(`${root} is a file, not a project folder`);
  return { dir: root, ...readProjectAnswers(root, catalog) };
}

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
 * base = the project regenerated in memory from its recorded answers; ours = the files on disk;
 * theirs = the project rendered from the new answers.
 */
export function planUpdate(dir: string, answers: Answers, catalog: Catalog, probe: Probe): UpdatePlan {
  const root = resolve(dir);
  const { answers: recorded, recordedVersion } = readProjectAnswers(root, catalog);
  const base = renderAnswers(recorded, catalog, probe);
  const theirs = renderAnswers(answers, catalog, probe);
  const warnings = [...theirs.resolution.warnings];
  if (recordedVersion !== leoVersion) {
    warnings.push(
      `${ANSWERS_FILE} records ${recordedVersion ? `Leo ${recordedVersion}` : 'no Leo version'}, and this is Leo ${leoVersion}: the templates may have changed since. ` +
        `The base is regenerated with this version's templates, so a change Leo made to them since looks like an edit of yours: such files are kept or merged, not replaced.`,
    );
  }

  const baseFiles = byPath(base.files);
  const newFiles = byPath(theirs.files);
  const paths = [...new Set([...baseFiles.keys(), ...newFiles.keys()])].filter((p) => p !== ANSWERS_FILE).sort();
  const files = paths.map((path) => planFile(path, baseFiles.get(path), newFiles.get(path), readOurs(root, path)));
  files.push(answersFile(root, newFiles.get(ANSWERS_FILE)!));
  return { dir: root, before: recorded, after: theirs.resolution.answers, resolution: theirs.resolution, recordedVersion, warnings, files };
}

/** leo.json always takes the new answers (and this Leo's version); it is written last. */
function answersFile(root: string, file: RenderedFile): FileUpdate {
  const before = readOurs(root, ANSWERS_FILE);
  const same = before?.equals(file.content) ?? false;
  return { path: ANSWERS_FILE, status: same ? 'untouched' : 'updated', component: file.component, before, after: same ? undefined : file.content, executable: false, conflicts: 0 };
}

function planFile(path: string, base: RenderedFile | undefined, theirs: RenderedFile | undefined, ours: Buffer | undefined): FileUpdate {
  const component = (theirs ?? base)!.component;
  const executable = (theirs ?? base)!.executable;
  const result = (status: FileStatus, extra: Partial<FileUpdate> = {}): FileUpdate => ({ path, status, component, before: ours, executable, conflicts: 0, ...extra });

  if (!theirs) {
    // The update no longer generates it: it goes only if the user left it as generated.
    if (ours === undefined) return result('untouched');
    if (ours.equals(base!.content)) return result('removed');
    return result('kept', { note: 'no longer generated, but you changed it' });
  }
  if (ours === undefined) {
    if (!base) return result('added', { after: theirs.content });
    return result('kept', { note: theirs.content.equals(base.content) ? 'you deleted it' : 'you deleted it; the update changes it, and leaves it deleted' });
  }
  if (ours.equals(theirs.content)) return result('untouched');
  if (base && ours.equals(base.content)) return result('updated', { after: theirs.content });
  if (base && theirs.content.equals(base.content)) return result('untouched', { note: 'your edit stands: the update does not change this file' });

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
  if (!stats.isFile()) throw new LeoError(`cannot update ${root}: ${path} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}, and Leo generates a file there`);
  return readFileSync(full);
}

/** Text that is not UTF-8, or holds a NUL byte, is not merged line by line. */
function isBinary(content: Buffer): boolean {
  return content.includes(0) || !Buffer.from(content.toString('utf8')).equals(content);
}
