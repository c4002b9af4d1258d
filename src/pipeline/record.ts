import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { LeoError } from '../errors.js';
import { ANSWERS_FILE } from './names.js';
import type { RenderedFile } from './render.js';

/**
 * What Leo wrote, kept in the project so that a later Leo tells the user's edits from its own
 * template changes: the pristine contents of every generated file, in one compressed file under a
 * dot-folder (about 100 kB; contents rather than digests, since a three-way merge needs the base).
 */
export const RECORD_FILE = '.leo/written.json.gz';

/** node:zlib, loaded when a record is made or read: the session's first frame does not wait for it. */
const zlib = () => createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');

interface RecordJson {
  files: { path: string; component: string; executable: boolean; text?: string; base64?: string }[];
}

/** The record of a project's rendered files (leo.json left out: it takes the new answers on every write). */
export function recordOf(files: RenderedFile[]): Buffer {
  const record: RecordJson = {
    files: files
      .filter((f) => f.path !== ANSWERS_FILE)
      .map(({ path, component, executable, content }) => ({
        path,
        component,
        executable,
        ...(isUtf8(content) ? { text: content.toString('utf8') } : { base64: content.toString('base64') }),
      })),
  };
  // Level 1: a tenth of level 9's time (preset mode's start-up counts it), for a fifth more bytes.
  const gz = zlib().gzipSync(JSON.stringify(record), { level: 1 });
  // The header's OS byte is zlib's build platform: "unknown" keeps the file the same wherever Leo runs.
  gz[9] = 0xff;
  return gz;
}

/** The files the project's record holds, or undefined for a project written before Leo kept one. */
export function readRecord(dir: string): RenderedFile[] | undefined {
  let gz: Buffer;
  try {
    gz = readFileSync(join(dir, RECORD_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LeoError(`cannot read ${RECORD_FILE} in ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let record: RecordJson;
  try {
    record = JSON.parse(zlib().gunzipSync(gz).toString('utf8')) as RecordJson;
    if (!Array.isArray(record.files)) throw new Error('no file list');
  } catch (error) {
    throw new LeoError(
      `${RECORD_FILE} in ${dir} is damaged (${(error as Error).message}): it is Leo's record of what it wrote; delete it and Leo treats the project as one from before it kept a record`,
    );
  }
  return record.files.map(({ path, component, executable, text, base64 }) => ({
    path,
    component,
    executable,
    content: text !== undefined ? Buffer.from(text) : Buffer.from(base64 ?? '', 'base64'),
  }));
}
