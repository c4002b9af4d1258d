import { validate } from 'dockerfile-utils';

/** dockerfile-utils' lint: syntax, arguments of each instruction, duplicates; any diagnostic is a problem. */
export function lintProblems(dockerfile: string): string[] {
  return validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped. */
export function instructions(dockerfile: string): Instruction[] {
  const joined = dockerfile
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The project paths COPY takes from the build context (not from another stage). */
export function copiedPaths(dockerfile: string): string[] {
  return instructions(dockerfile)
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1))
    .map((p) => p.replace(/\/$/, ''));
}

/** What `train` writes (so no generated project holds them yet): the model file and its digest. */
export function trainedFiles(modelFile: string): string[] {
  return [`models/${modelFile}`, `models/${modelFile}.sha256`];
}

/**
 * Leo's rules for the image: multi-stage from a slim Python pinned to a Debian codename, the
 * final stage as a numeric non-root user, a HEALTHCHECK, exec-form ENTRYPOINT or CMD, and the
 * model copied in together with its digest.
 */
export function policyProblems(dockerfile: string, modelFile: string): string[] {
  const all = instructions(dockerfile);
  const problems: string[] = [];
  const froms = all.filter((i) => i.keyword === 'FROM');
  if (froms.length < 2) problems.push('not multi-stage');
  for (const from of froms) {
    if (!/^python:\d+\.\d+(\.\d+)?-slim-(bookworm|trixie)(\s|$)/.test(from.args)) problems.push(`FROM ${from.args}: not a slim Python pinned to a Debian codename`);
  }
  const final = all.slice(all.lastIndexOf(froms[froms.length - 1]!));
  const users = final.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`final stage runs as "${user || 'root'}", not a numeric non-root user`);
  if (!final.some((i) => i.keyword === 'HEALTHCHECK' && /^(--\S+\s+)*CMD\s/.test(i.args))) problems.push('no HEALTHCHECK in the final stage');
  const start = final.filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  if (start.length === 0 || !start.every((i) => i.args.startsWith('['))) problems.push('ENTRYPOINT/CMD not in exec form: a shell would be PID 1');
  const copied = copiedPaths(dockerfile);
  for (const file of trainedFiles(modelFile)) if (!copied.includes(file)) problems.push(`${file} is not copied in`);
  return problems;
}

/** Whether .dockerignore keeps a path out of the build context: the last matching pattern wins, as in Docker. */
export function ignored(dockerignore: string, path: string): boolean {
  let excluded = false;
  for (const raw of dockerignore.split('\n').map((l) => l.trim())) {
    if (!raw || raw.startsWith('#')) continue;
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => ({ '**/': '(.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('')}(/.*)?$`,
    );
    if (regex.test(path)) excluded = !negated;
  }
  return excluded;
}
