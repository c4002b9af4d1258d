// `leo deploy`'s entry point, imported dynamically by cli.ts: Ink loads only for the screen.
import type { DeployProject, Target } from '../../deploy/project.js';
import { runFullScreen } from '../full-screen.js';
import { DeployApp } from './app.js';

export function runDeployTui(project: DeployProject, target?: Target): Promise<number> {
  return runFullScreen(<DeployApp project={project} target={target} />);
}
