import { useContext, useState } from 'react';
import type { Catalog } from '../catalog/index.js';
import { ChromeContext } from './frame.js';
import type { Binding } from './keys.js';
import { explanationLines } from './list.js';
import { Viewer } from './screens/viewer.js';
import type { Option } from './selection.js';

/**
 * The e key of a screen with an explanation beside its options: the explanation beside them is cut
 * to the rows there are, and e reads the whole of it, full screen. The screen shows `viewer` instead
 * of itself while it is open.
 */
export function useExplanationReader(step: number, option: Option | undefined, catalog: Catalog, context?: string) {
  const [reading, setReading] = useState(false);
  const { columns } = useContext(ChromeContext)!.size;
  const bindings: Binding[] = option
    ? [{ keys: ['e'], label: 'explain', help: 'Read the whole explanation of the option under the cursor.', run: () => setReading(true), quiet: true }]
    : [];
  const lines = option ? explanationLines(option, catalog, columns - 2, context).map(({ line }) => line) : [];
  const viewer =
    reading && option ? <Viewer step={step} path={option.label} about="explanation" lines={lines} numbered={false} what="the explanation" backTo="the options" close={() => setReading(false)} /> : undefined;
  return { bindings, viewer };
}
