// `leo update`'s preview on a terminal, imported dynamically by the update command: Ink loads only for the screen.
import type { UpdatePlan } from '../../update/update-plan.js';
import { runFullScreen } from '../full-screen.js';
import { CONFIRMED, UpdatePreview } from './preview.js';

/** Shows the plan full screen; true when the user chose to write it. */
export async function confirmUpdate(plan: UpdatePlan, changes: string[]): Promise<boolean> {
  return (await runFullScreen(<UpdatePreview plan={plan} changes={changes} />)) === CONFIRMED;
}
