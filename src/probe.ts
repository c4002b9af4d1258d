import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Probe } from './catalog/index.js';

/** The real machine: commands are looked up on PATH, as a shell would. */
export function systemProbe(env: NodeJS.ProcessEnv = process.env): Probe {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return {
    hasCommand(name) {
      return dirs.some((dir) => {
        try {
          accessSync(join(dir, name), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
    },
    env: (name) => env[name],
  };
}
