import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type nunjucks from 'nunjucks';
import type { Catalog } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { templatesRoot } from '../paths.js';
import { templateContext } from './context.js';
import type { Plan } from './plan.js';
import { precompiled } from './precompiled.js';
import { templateEnvironment } from './templates.js';

export interface RenderedFile {
  path: string;
  component: string;
  content: Buffer;
  executable: boolean;
}

/** Renders the whole plan in memory; nothing touches the disk until every file has rendered. */
export function render(plan: Plan, catalog: Catalog): RenderedFile[] {
  const { templatesDir } = catalog;
  const context = templateContext(plan, catalog);
  const env = environment(templatesDir);
  return plan.files.map((file) => {
    const { path, component, source } = file;
    if (source.kind === 'text') return { path, component, content: Buffer.from(source.text), executable: false };
    const { executable } = source;
    if (!source.render) return { path, component, content: readFileSync(source.file), executable };
    const name = relative(templatesDir, source.file).split(sep).join('/');
    try {
      return { path, component, content: Buffer.from(env.render(name, context)), executable };
    } catch (error) {
      throw new LeoError(`could not render ${path} from templates/${name}: ${(error as Error).message.trim()}`);
    }
  });
}

const environments = new Map<string, nunjucks.Environment>();

/**
 * One environment per templates folder for the life of the process, so that a template compiles
 * once however many projects render (the session renders on every preview). The build compiled
 * Leo's own templates; another folder's (a test's catalog) compile as they load.
 */
function environment(dir: string): nunjucks.Environment {
  let env = environments.get(dir);
  if (!env) environments.set(dir, (env = templateEnvironment(dir, dir === templatesRoot ? precompiled : undefined)));
  return env;
}
