/**
 * Formats the templates' Python as generated projects check it: imports sorted (`ruff check
 * --select I --fix`) and `ruff format`, with the ruff that requirements-dev.txt pins and the
 * settings of the project's pyproject.toml (rendered from templates/base/pyproject.toml.njk).
 *
 *   node --import tsx scripts/format-templates.ts [--check]   # --check: list, change nothing
 *
 * Plain .py files are formatted as they are. A .py.njk file is formatted through a stand-in: each
 * `{{ … }}` (and `{% … %}` within a line) becomes a name of the same length, each line holding
 * only a `{% … %}` becomes a comment, and both are put back afterwards. Lines carrying the
 * project's name are formatted for a name of the placeholder's length; the generated projects'
 * own check (test/e2e/python-quality.test.ts) has the last word. Needs that ruff on PATH (or RUFF).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { catalog } from '../src/catalog/index.js';
import { templatesRoot } from '../src/paths.js';
import { generate } from '../src/pipeline/index.js';
import { templateFiles } from '../src/pipeline/templates.js';
import { validatePreset } from '../src/preset/validate.js';
import { run } from '../test/helpers/run.js';
import { TOOLS_PROBE } from '../test/helpers/generate.js';

const check = process.argv.includes('--check');
const ruff = process.env.RUFF ?? 'ruff';
const pin = /^ruff==(\S+)$/m.exec(readFileSync(join(templatesRoot, 'base', 'requirements-dev.txt.njk'), 'utf8'))?.[1];
const version = run(ruff, ['--version']).stdout.trim();
if (version !== `ruff ${pin}`) {
  console.error(`needs ruff ${pin} (the pin of requirements-dev.txt), found: ${version || 'none'}; set RUFF or PATH`);
  process.exit(2);
}

const work = join(tmpdir(), `leo-format-${process.pid}`);
mkdirSync(work, { recursive: true });
try {
  // The settings a project ships, from the template itself.
  const project = generate(validatePreset({ name: 'format_settings', framework: 'flask' }, catalog, 'format preset'), catalog, TOOLS_PROBE);
  writeFileSync(join(work, 'pyproject.toml'), project.rendered.find((f) => f.path === 'pyproject.toml')!.content);

  const sources = templateFiles(templatesRoot).filter((file) => file.endsWith('.py') || file.endsWith('.py.njk'));
  const masks = new Map<string, Mask>();
  const targets = sources.map((file, i) => {
    if (file.endsWith('.py')) return file;
    const mask = masked(readFileSync(file, 'utf8'));
    const standIn = join(work, `template_${i}.py`);
    writeFileSync(standIn, mask.text);
    masks.set(standIn, mask);
    return standIn;
  });
  const firstParty = [...new Set([...masks.values()].flatMap((m) => [...m.tokens.keys()]))];
  const settings = ['--config', join(work, 'pyproject.toml'), '--config', `lint.isort.known-first-party = ${JSON.stringify(firstParty)}`];
  const sort = run(ruff, ['check', '--no-cache', '--select', 'I', ...(check ? [] : ['--fix']), ...settings, ...targets]);
  const format = run(ruff, ['format', '--no-cache', ...(check ? ['--check'] : []), ...settings, ...targets]);
  const named = (output: string) => output.replace(/\S*template_(\d+)\.py/g, (_, i: string) => relative(process.cwd(), sources[Number(i)]!));
  if (check) {
    process.stdout.write(named(sort.output + format.output));
    process.exitCode = sort.status || format.status ? 1 : 0;
  } else {
    if (format.status !== 0) throw new Error(named(format.output));
    for (const [standIn, mask] of masks) {
      const source = sources[targets.indexOf(standIn)]!;
      const restored = unmasked(readFileSync(standIn, 'utf8'), mask);
      if (restored !== readFileSync(source, 'utf8')) writeFileSync(source, restored);
    }
    process.stdout.write(named(format.output));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

interface Mask {
  text: string;
  /** Stand-in name -> the template expression it replaced. */
  tokens: Map<string, string>;
  /** Comment -> the block-tag line it replaced. */
  lines: Map<string, string>;
}

function masked(template: string): Mask {
  const tokens = new Map<string, string>();
  const byExpression = new Map<string, string>();
  const lines = new Map<string, string>();
  const text = template
    .split('\n')
    .map((line) => {
      if (!/^\s*\{%.*%\}\s*$/.test(line)) return line;
      const comment = `# leo-template-line-${lines.size}`;
      lines.set(comment, line);
      return comment;
    })
    .join('\n')
    .replace(/\{\{.*?\}\}|\{%.*?%\}/g, (expression) => {
      let token = byExpression.get(expression);
      if (!token) {
        const stem = `leo${tokens.size}_${expression.replace(/\W+/g, '_')}`.replace(/_+$/, '');
        token = stem.slice(0, expression.length).padEnd(expression.length, '_');
        byExpression.set(expression, token);
        tokens.set(token, expression);
      }
      return token;
    });
  return { text, tokens, lines };
}

function unmasked(text: string, mask: Mask): string {
  let out = text
    .split('\n')
    .map((line) => mask.lines.get(line.trim()) ?? line)
    .join('\n');
  for (const [token, expression] of mask.tokens) out = out.replaceAll(token, expression);
  return out;
}
