import type { Answers } from './answers.js';
import type { Catalog, Probe } from '../catalog/index.js';
import { templateContext } from './context.js';
import { type PlannedFile, plan } from './plan.js';
import { type RenderedFile, renderPlan } from './render.js';
import { type Resolution, resolve } from './resolve.js';

/** answers → resolve → plan: what the TUI's preview and `--dry-run` show. */
export function planProject(answers: Answers, catalog: Catalog, probe: Probe): { resolution: Resolution; files: PlannedFile[] } {
  const resolution = resolve(answers, catalog, probe);
  return { resolution, files: plan(resolution, catalog) };
}

/** plan → render, in memory. */
export function renderProject(resolution: Resolution, files: PlannedFile[], catalog: Catalog): RenderedFile[] {
  return renderPlan(files, templateContext(resolution, catalog, files), catalog.templatesDir);
}
