// The Nunjucks side of rendering, shared by the renderer and the build, which precompiles the
// templates with exactly these options. It imports nothing that locates files relative to itself,
// so that the build can run it from a temporary bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import nunjucks from 'nunjucks';

/** Whitespace control and the undefined check are compiled into a template: the build must use these same options. */
const OPTIONS: nunjucks.ConfigureOptions = { throwOnUndefined: true, autoescape: false, trimBlocks: true, lstripBlocks: true };

export const TEMPLATE_SUFFIX = '.njk';

/** An environment for the templates in dir: the precompiled ones first, then any others compiled as they load. */
export function templateEnvironment(dir: string, precompiled?: Record<string, unknown>): nunjucks.Environment {
  const loaders: nunjucks.ILoader[] = [new nunjucks.FileSystemLoader(dir)];
  if (precompiled) loaders.unshift(new nunjucks.PrecompiledLoader(precompiled as never));
  return new nunjucks.Environment(loaders, OPTIONS);
}

/** The source of a module exporting every template under dir compiled to JavaScript, by template name. */
export function precompiledModule(dir: string): string {
  const env = new nunjucks.Environment([], OPTIONS);
  const entries = templateFiles(dir)
    .filter((file) => file.endsWith(TEMPLATE_SUFFIX))
    .map((file) => {
      const name = relative(dir, file).split(sep).join('/');
      // The wrapper receives a list of compiled templates (the type declarations say one): here, a list of one.
      const wrapper = (compiled: unknown) => (compiled as { template: string }[])[0]!.template;
      const code = nunjucks.precompileString(readFileSync(file, 'utf8'), { name, env, wrapper });
      return `${JSON.stringify(name)}: (function () {\n${code}\n})()`;
    });
  return `export const precompiled = {\n${entries.join(',\n')}\n};\n`;
}

/** Template files in a stable order; Python caches left by running code in place are not templates. */
export function templateFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === '__pycache__' || entry.name.endsWith('.pyc')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
