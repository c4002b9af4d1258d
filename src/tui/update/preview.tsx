import { useApp } from 'ink';
import { basename } from 'node:path';
import { useMemo, useState } from 'react';
import { type UpdatePlan, choose } from '../../update/update-plan.js';
import { type Chrome, ChromeContext, type Size, useKeysInTurn, useTerminalSize } from '../frame.js';
import { UpdatePreviewScreen, toggled } from '../screens/update-preview.js';

export interface UpdatePreviewProps {
  plan: UpdatePlan;
  /** The answers that change, one line each (describeChanges). */
  changes: string[];
  /** Takes the plan with the choices made on the screen, at each choice. */
  onChoose?: (plan: UpdatePlan) => void;
  /** A fixed terminal size instead of the real one (tests). */
  size?: Size;
}

/** Exit statuses of the preview: write the update (`w`), or leave without writing. */
export const CONFIRMED = 0;
export const LEFT = 1;

/**
 * `leo update` on a terminal: the session's update preview in the session's chrome, its keys
 * taken one by one as there; w ends the screen to write the update, esc (or q) leaves without writing.
 */
export function UpdatePreview({ plan, changes, onChoose, size }: UpdatePreviewProps) {
  const terminal = useTerminalSize(size);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const shown = useMemo(() => choose(plan, chosen), [plan, chosen]);
  const { exit } = useApp();
  const input = useKeysInTurn();
  const chrome: Chrome = { size: terminal, name: basename(plan.dir), quit: () => exit(LEFT), abort: () => exit(LEFT), input };
  return (
    <ChromeContext.Provider value={chrome}>
      <UpdatePreviewScreen
        plan={shown}
        changes={changes}
        toggle={(path) => {
          const next = toggled(chosen, path);
          setChosen(next);
          onChoose?.(choose(plan, next));
        }}
        step="leo update"
        leave={{ label: 'leave without writing', help: 'Leave without writing anything.' }}
        back={() => exit(LEFT)}
        write={() => exit(CONFIRMED)}
      />
    </ChromeContext.Provider>
  );
}
