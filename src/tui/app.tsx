import { useApp } from 'ink';
import { resolve as resolvePath } from 'node:path';
import { Suspense, lazy, useMemo, useState } from 'react';
import type { Catalog, Probe } from '../catalog/index.js';
import { type DeployProject, readProject } from '../deploy/project.js';
import { type Generated, tryGenerate } from '../pipeline/index.js';
import { ABORTED } from './full-screen.js';
import { type Chrome, ChromeContext, type Dialog, type Size, useKeysInTurn, useTerminalSize } from './frame.js';
import { ComponentsScreen } from './screens/components.js';
import { PreviewScreen } from './screens/preview.js';
import { type ProjectField, ProjectScreen } from './screens/project.js';
import { WriteScreen } from './screens/write.js';
import { initialAnswers, tryResolve } from './selection.js';

type Screen =
  | { id: 'project'; field: ProjectField }
  | { id: 'components' }
  | { id: 'preview' }
  | { id: 'write'; force: boolean }
  | { id: 'deploy'; project: DeployProject };

// The deploy screen and its runner load only when a person opens it from the summary.
const DeployScreen = lazy(() => import('./deploy/screen.js').then(({ DeployScreen }) => ({ default: DeployScreen })));

export interface AppProps {
  catalog: Catalog;
  probe: Probe;
  /** A fixed terminal size instead of the real one (tests). */
  size?: Size;
}

/**
 * The interactive session. It holds the answers and which screen is up; everything else comes
 * from the catalog and from the functions preset mode calls (resolve, plan, render, write).
 */
export function App({ catalog, probe, size }: AppProps) {
  const terminal = useTerminalSize(size);
  const { exit } = useApp();
  const initial = useMemo(() => initialAnswers(catalog), [catalog]);
  const [answers, setAnswers] = useState(initial);
  const [folder, setFolder] = useState('');
  const [screen, setScreen] = useState<Screen>({ id: 'project', field: 'name' });
  const [asking, setAsking] = useState(false);
  const [written, setWritten] = useState(false);
  const input = useKeysInTurn();

  const outcome = useMemo(() => tryResolve(answers, catalog, probe), [answers, catalog, probe]);
  // Planned and rendered once on the way into the preview; the write uses exactly what was previewed.
  const previewing = screen.id === 'preview' || screen.id === 'write';
  const generated = useMemo(() => (previewing ? tryGenerate(answers, catalog, probe) : undefined), [previewing, answers, catalog, probe]);
  const root = folder || answers.name;
  const target = root ? resolvePath(root) : undefined;

  const dirty = !written && (folder !== '' || JSON.stringify(answers) !== JSON.stringify(initial));
  const quitDialog: Dialog | undefined = asking
    ? {
        title: 'Quit Leo?',
        text: 'Nothing has been written yet: the answers given so far will be lost.',
        bindings: [
          { keys: ['y'], label: 'quit', help: 'Quit without writing.', run: () => exit(0) },
          { keys: ['n', 'esc'], label: 'stay', help: 'Back to the session.', run: () => setAsking(false) },
        ],
      }
    : undefined;
  const chrome: Chrome = {
    size: terminal,
    name: answers.name,
    quitDialog,
    quit: () => (dirty ? setAsking(true) : exit(0)),
    abort: () => exit(ABORTED),
    input,
  };

  return <ChromeContext.Provider value={chrome}>{current()}</ChromeContext.Provider>;

  function current() {
    switch (screen.id) {
      case 'project':
        return (
          <ProjectScreen
            catalog={catalog}
            answers={answers}
            setAnswers={setAnswers}
            folder={folder}
            setFolder={setFolder}
            target={target}
            initialField={screen.field}
            next={() => setScreen({ id: 'components' })}
            quit={chrome.quit}
          />
        );
      case 'components':
        return (
          <ComponentsScreen
            catalog={catalog}
            answers={answers}
            setAnswers={setAnswers}
            outcome={outcome}
            back={() => setScreen({ id: 'project', field: 'model' })}
            next={() => setScreen({ id: 'preview' })}
          />
        );
      case 'preview':
        return (
          <PreviewScreen
            generated={generated!}
            root={root}
            target={target!}
            back={() => setScreen({ id: 'components' })}
            write={(force) => setScreen({ id: 'write', force })}
            chooseFolder={() => setScreen({ id: 'project', field: 'folder' })}
          />
        );
      case 'write': {
        const ready = generated as Generated;
        return (
          <WriteScreen
            generated={ready}
            target={target!}
            force={screen.force}
            written={() => setWritten(true)}
            back={() => setScreen({ id: 'preview' })}
            quit={() => exit(0)}
            deploy={() => setScreen({ id: 'deploy', project: readProject(target!, catalog) })}
          />
        );
      }
      case 'deploy':
        return (
          <Suspense fallback={null}>
            <DeployScreen project={screen.project} />
          </Suspense>
        );
    }
  }
}
