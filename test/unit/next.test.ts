// The "Next" commands after a write: the chosen environment's own commands, and a cd to the
// project as a person would type it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../../src/catalog/index.js';
import { generate, nextCommands, resolve } from '../../src/pipeline/index.js';
import { validatePreset } from '../../src/preset/validate.js';
import { tempDir } from '../helpers/tmp.js';

const probe = { hasCommand: () => true, env: () => undefined };
const resolved = (preset: Record<string, unknown>) => resolve(validatePreset({ name: 'iris', framework: 'flask', ...preset }, catalog, 'test'), catalog, probe);

describe('next commands', () => {
  it('with conda: the environment from environment.yml, entered by the name it gives', () => {
    const resolution = resolved({ environment: 'conda' });
    const [, setup] = nextCommands(resolution, join(process.cwd(), 'iris'));
    assert.equal(setup, 'conda env create --file environment.yml && conda activate iris');
    // The name conda activates is the one the generated environment.yml declares.
    const file = generate(resolution.answers, catalog, probe).rendered.find((f) => f.path === 'environment.yml')!;
    assert.match(file.content.toString('utf8'), /^name: iris$/m);
    assert.doesNotMatch(nextCommands(resolution, 'iris').join('\n'), /venv/);
  });

  it('with virtualenv: its setup script; with none: a plain venv', () => {
    assert.equal(nextCommands(resolved({ environment: 'virtualenv' }), 'iris')[1], './setup-venv.sh && . .venv/bin/activate');
    assert.equal(nextCommands(resolved({ environment: 'none' }), 'iris')[1], 'python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt');
  });

  it('cd: relative inside the working folder, absolute outside it, quoted when the shell needs it', () => {
    const resolution = resolved({});
    const cwd = process.cwd();
    const outside = tempDir();
    const here = tempDir();
    mkdirSync(join(here, 'my project'));
    process.chdir(here);
    try {
      assert.equal(nextCommands(resolution, join(here, 'iris'))[0], 'cd iris');
      assert.equal(nextCommands(resolution, join(outside, 'iris'))[0], `cd ${join(outside, 'iris')}`, 'absolute, not ../../');
      assert.equal(nextCommands(resolution, join(here, 'my project'))[0], "cd 'my project'");
    } finally {
      process.chdir(cwd);
    }
  });
});
