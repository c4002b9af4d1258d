// `leo update`'s preview on a terminal, imported dynamically by the update command: Ink loads only for the screen.
import type { UpdatePlan } from '../../update/update-plan.js';
import { runFullScreen } from '../full-screen.js';
import { CONFIRMED, UpdatePreview } from './preview.js';

/** Shows the plan full screen; the plan to write, with the choices made on the screen, or undefined when the user left without writing. */
export async function confirmUpdate(plan: UpdatePlan, changes: string[]): Promise<UpdatePlan | undefined> {
  let chosen = plan;
  const status = await runFullScreen(<UpdatePreview plan={plan} changes={changes} onChoose={(next) => (chosen = next)} />);
  return status === CONFIRMED ? chosen : undefined;
}
