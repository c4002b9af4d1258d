import { useApp } from 'ink';
import type { DeployProject, Target } from '../../deploy/project.js';
import { ABORTED } from '../full-screen.js';
import { type Chrome, ChromeContext, type Size, useKeysInTurn, useTerminalSize } from '../frame.js';
import { DeployScreen } from './screen.js';

export interface DeployAppProps {
  project: DeployProject;
  target?: Target;
  /** A fixed terminal size instead of the real one (tests). */
  size?: Size;
}

/** `leo deploy`: the deploy screen alone, in the session's chrome. */
export function DeployApp({ project, target, size }: DeployAppProps) {
  const terminal = useTerminalSize(size);
  const { exit } = useApp();
  const input = useKeysInTurn();
  const chrome: Chrome = { size: terminal, name: project.name, quit: () => exit(0), abort: () => exit(ABORTED), input };
  return (
    <ChromeContext.Provider value={chrome}>
      <DeployScreen project={project} target={target} />
    </ChromeContext.Provider>
  );
}
