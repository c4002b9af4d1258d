import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { orderedAnswers } from './answers.js';
import type { Catalog } from '../catalog/index.js';
import { LeoError } from '../errors.js';
import { leoVersion } from '../paths.js';
import { ANSWERS_FILE } from './names.js';
import type { Resolution } from './resolve.js';
import { TEMPLATE_SUFFIX, templateFiles } from './templates.js';

const NAME_SEGMENT = '__name__';
/** A folder `@<component>` holds files that apply only when that component is selected too. */
const CONDITION_PREFIX = '@';
/** A file `+<slot>.<ext>` is no project file but a part of a slot that another component's template includes. */
const PART_PREFIX = '+';

export interface PlannedFile {
  /** Path inside the project, with forward slashes. */
  path: string;
  /** The component that contributed the file. */
  component: string;
  /** Where the content comes from: a template (rendered or copied) or text the planner produced. */
  source: { kind: 'template'; file: string; render: boolean; executable: boolean } | { kind: 'text'; text: string };
}

/** What resolve() chose, and what the project is made of: the value render() takes. */
export interface Plan {
  resolution: Resolution;
  /** Every file the project will contain, sorted by path, each with the component that contributed it. */
  files: PlannedFile[];
  /**
   * The parts of each slot, as template names for `{% include %}`: in catalog order of their
   * components, so that a gathering template lists them in a stable order.
   */
  parts: Map<string, string[]>;
}

/** The project's files and slot parts, from one walk of the selected components' templates. */
export function plan(resolution: Resolution, catalog: Catalog): Plan {
  const files = new Map<string, PlannedFile>();
  const add = (file: PlannedFile) => {
    const previous = files.get(file.path);
    if (previous) {
      throw new LeoError(`two components write ${file.path}: ${previous.component} and ${file.component}`);
    }
    files.set(file.path, file);
  };

  const parts = new Map<string, string[]>();
  for (const { file, executable, component, rel, slot } of templateEntries(resolution, catalog)) {
    if (slot !== undefined) {
      const name = relative(catalog.templatesDir, file).split(sep).join('/');
      parts.set(slot, [...(parts.get(slot) ?? []), name]);
      continue;
    }
    const render = file.endsWith(TEMPLATE_SUFFIX);
    const path = rel
      .map((segment) => segment.replaceAll(NAME_SEGMENT, resolution.answers.name))
      .join('/')
      .slice(0, render ? -TEMPLATE_SUFFIX.length : undefined);
    add({ path, component, source: { kind: 'template', file, render, executable } });
  }
  add({ path: ANSWERS_FILE, component: 'base', source: { kind: 'text', text: answersFileText(resolution, catalog) } });
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { resolution, files: sorted, parts };
}

interface TemplateFile {
  file: string;
  executable: boolean;
  /** Path segments inside the component's folder. */
  segments: string[];
}

interface TemplateEntry extends TemplateFile {
  component: string;
  /** Path segments inside the component's folder, condition folders removed. */
  rel: string[];
  /** Set for a part: the slot it fills. */
  slot?: string;
}

/** The template files of the selected components whose conditions hold. */
function templateEntries(resolution: Resolution, catalog: Catalog): TemplateEntry[] {
  const selected = new Set(resolution.components.map((c) => c.id));
  const entries: TemplateEntry[] = [];
  for (const component of resolution.components) {
    for (const { file, executable, segments } of componentFiles(component.templateDir)) {
      const conditions = segments.filter((s) => s.startsWith(CONDITION_PREFIX)).map((s) => s.slice(CONDITION_PREFIX.length));
      for (const id of conditions) {
        // A misspelt condition would silently drop files: refuse it.
        if (!catalog.has(id)) throw new LeoError(`templates/${component.id}/${segments.join('/')}: "${CONDITION_PREFIX}${id}" names no component`);
      }
      if (!conditions.every((id) => selected.has(id))) continue;
      const rel = segments.filter((s) => !s.startsWith(CONDITION_PREFIX));
      const name = rel[rel.length - 1]!;
      const slot = name.startsWith(PART_PREFIX) ? name.slice(PART_PREFIX.length).split('.')[0] : undefined;
      entries.push({ file, executable, segments, component: component.id, rel, slot });
    }
  }
  return entries;
}

const filesByDir = new Map<string, TemplateFile[]>();

/** A component's template files, read once per process: the session plans again on every change of answers. */
function componentFiles(dir: string): TemplateFile[] {
  let files = filesByDir.get(dir);
  if (!files) {
    files = templateFiles(dir).map((file) => ({ file, executable: (statSync(file).mode & 0o111) !== 0, segments: relative(dir, file).split(sep) }));
    filesByDir.set(dir, files);
  }
  return files;
}

/** The answers file is itself a valid preset: `leo --preset leo.json` regenerates the project. */
export function answersFileText(resolution: Resolution, catalog: Catalog): string {
  return `${JSON.stringify({ ...orderedAnswers(resolution.answers, catalog), leo_version: leoVersion }, null, 2)}\n`;
}
