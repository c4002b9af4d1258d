import { useApp } from 'ink';
import { Suspense, lazy, useMemo, useState } from 'react';
import type { Catalog, Probe } from '../catalog/index.js';
import { type DeployProject, readProject } from '../deploy/project.js';
import { attempt } from '../errors.js';
import { type Answers, type Generated, tryGenerate } from '../pipeline/index.js';
import { describeChanges } from '../update/command.js';
import type { OpenedProject } from '../project-file.js';
import { type UpdatePlan, choose, planUpdate } from '../update/update-plan.js';
import { shownPath } from '../paths.js';
import { resolveFolder } from './folder.js';
import { ABORTED } from './full-screen.js';
import { type Chrome, ChromeContext, type Dialog, type Size, useKeysInTurn, useTerminalSize } from './frame.js';
import { ComponentsScreen, type Place } from './screens/components.js';
import { PreviewScreen } from './screens/preview.js';
import { type ProjectField, ProjectScreen } from './screens/project.js';
import { UpdatePreviewScreen, toggled } from './screens/update-preview.js';
import { WriteScreen, type WriteReport, projectJob, updateJob } from './screens/write.js';
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
  /** Takes what to print on the main screen after the session: the written project's summary. */
  farewell?: (lines: string[]) => void;
  /** A generated project to change (`leo DIR`): its answers are loaded and the write is an update. */
  opened?: OpenedProject;
}

/**
 * The interactive session. It holds the answers and which screen is up; everything else comes
 * from the catalog and from the functions preset mode calls (resolve, plan, render, write).
 */
export function App({ catalog, probe, size, farewell, opened: openedAtStart }: AppProps) {
  const terminal = useTerminalSize(size);
  const { exit } = useApp();
  const initial = useMemo(() => initialAnswers(catalog), [catalog]);
  // An opened project: its answers are what the session starts from, and the write updates it.
  const [opened, setOpened] = useState(openedAtStart);
  const loaded = (project: OpenedProject | undefined): Answers => (project ? { ...initial, ...project.answers } : initial);
  const [answers, setAnswers] = useState(() => loaded(openedAtStart));
  const [folder, setFolder] = useState(openedAtStart ? shownPath(openedAtStart.dir) : '');
  const [screen, setScreen] = useState<Screen>({ id: 'project', field: openedAtStart ? 'model' : 'name' });
  const [asking, setAsking] = useState(false);
  // Where the components screen was left: back from the preview, the person is where they were.
  const [place, setPlace] = useState<Place>();
  // The write's report, once it is done: the summary shows it again on the way back from deploying.
  const [written, setWritten] = useState<WriteReport>();
  const input = useKeysInTurn();

  const outcome = useMemo(() => tryResolve(answers, catalog, probe), [answers, catalog, probe]);
  // Planned and rendered once on the way into the preview; the write uses exactly what was previewed.
  const previewing = screen.id === 'preview' || screen.id === 'write';
  const generated = useMemo(() => (previewing && !opened ? tryGenerate(answers, catalog, probe) : undefined), [previewing, opened, answers, catalog, probe]);
  const planned = useMemo(
    () => (previewing && opened ? attempt(() => planUpdate(opened.dir, answers, catalog, probe)) : undefined),
    [previewing, opened, answers, catalog, probe],
  );
  // Files of a project from before the record, for which the person took the other choice in the preview.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const update = useMemo(() => {
    if (!planned || 'problem' in planned) return planned;
    return choose(planned, [...chosen].filter((path) => planned.files.some((f) => f.path === path && f.alternative)));
  }, [planned, chosen]);
  const root = folder || answers.name;
  const target = opened ? opened.dir : root ? resolveFolder(root) : undefined;
  const open = (project: OpenedProject) => {
    setOpened(project);
    setAnswers(loaded(project));
    setPlace(undefined);
    setFolder(shownPath(project.dir));
  };

  // An update that left conflict markers to resolve ends with 1, as `leo update` does.
  const status = written && written.problems.length > 0 ? 1 : 0;
  const dirty = written === undefined && (opened ? JSON.stringify(answers) !== JSON.stringify(loaded(opened)) : folder !== '' || JSON.stringify(answers) !== JSON.stringify(initial));
  const quitDialog: Dialog | undefined = asking
    ? {
        title: 'Quit Leo?',
        text: opened ? 'Nothing has been written yet: the changed answers will be lost.' : 'Nothing has been written yet: the answers given so far will be lost.',
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
    quit: () => (dirty ? setAsking(true) : exit(status)),
    abort: () => exit(ABORTED),
    input,
  };

  return <ChromeContext.Provider value={chrome}>{current()}</ChromeContext.Provider>;

  function current() {
    switch (screen.id) {
      case 'project':
        return (
          <ProjectScreen
            // A project opened from this screen starts it afresh: its cursor on the project's model type.
            key={opened?.dir ?? ''}
            catalog={catalog}
            answers={answers}
            setAnswers={setAnswers}
            folder={folder}
            setFolder={setFolder}
            target={target}
            initialField={screen.field}
            outcome={outcome}
            opened={opened}
            open={open}
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
            place={place}
            back={(left) => (setPlace(left), setScreen({ id: 'project', field: 'model' }))}
            next={(left) => (setPlace(left), setScreen({ id: 'preview' }))}
          />
        );
      case 'preview':
        return update ? (
          <UpdatePreviewScreen
            plan={update}
            changes={'problem' in update ? [] : describeChanges(update, catalog)}
            back={() => setScreen({ id: 'components' })}
            write={() => setScreen({ id: 'write', force: false })}
            toggle={(path) => setChosen(toggled(chosen, path))}
          />
        ) : (
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
        const chooseFolder = () => setScreen({ id: 'project', field: 'folder' });
        const job = update ? updateJob(update as UpdatePlan) : projectJob(generated as Generated, target!, screen.force, chooseFolder);
        return (
          <WriteScreen
            job={job}
            done={written}
            onDone={(report, summary) => {
              setWritten(report);
              farewell?.(summary);
            }}
            back={() => setScreen({ id: 'preview' })}
            quit={() => exit(status)}
            deploy={() => setScreen({ id: 'deploy', project: readProject(target!, catalog) })}
          />
        );
      }
      case 'deploy':
        return (
          <Suspense fallback={null}>
            <DeployScreen project={screen.project} back={() => setScreen({ id: 'write', force: false })} />
          </Suspense>
        );
    }
  }
}
