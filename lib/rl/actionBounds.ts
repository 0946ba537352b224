// What an environment with a Box action space does with an action outside its bounds — the
// `actionBounds` option every such env takes (see the convention in lib/env/index.ts):
//   'error' — reject it: `step` throws `action[1] = 1.5 is above high[1] = 1` and the env is unchanged
//             (our clear-error rule; the default of the paper environments);
//   'clip'  — clip each element to [low, high] and step with the clipped action (Gymnasium's
//             Pendulum does `np.clip(u, −max_torque, max_torque)`; the default of such replicas).
// Either way a wrong type, a wrong length or a NaN element throws: clipping NaN would only hide a
// bug. Clipping an in-range action is the identity, so both modes give bit-identical results on
// valid actions.

import type { Box } from './spaces.js';
import { fail } from './validate.js';

/** See the file header: 'clip' clips an out-of-range Box action, 'error' rejects it. */
export type ActionBoundsMode = 'clip' | 'error';

/** The allowed values of `ActionBoundsMode`. */
export const ACTION_BOUNDS_MODES: readonly ActionBoundsMode[] = Object.freeze(['clip', 'error']);

/** Check a config's `actionBounds` field; errors name `owner` and the allowed values. */
export function checkActionBounds(owner: string, value: unknown): ActionBoundsMode {
  if (value !== 'clip' && value !== 'error') fail(owner, 'actionBounds', '"clip" or "error"', value, typeof value !== 'string');
  return value;
}

/**
 * The action an env steps with, under `mode`: 'error' validates `action` against `space` (throws
 * naming the index and the bound) and returns it unchanged; 'clip' validates type, length and NaNs,
 * then returns `action` itself when it is inside the box, or a clipped copy (the caller's array is
 * never written). `what` names the action in errors (e.g. `'action'`, `'actions["sbs_0"]'`).
 */
export function boundAction(space: Box, action: unknown, mode: ActionBoundsMode, what = 'action'): Float64Array {
  if (mode === 'error') {
    space.validate(action, what);
    return action as Float64Array;
  }
  if (!(action instanceof Float64Array) || action.length !== space.size) {
    space.validate(action, what); // throws the usual type / length error
  }
  const a = action as Float64Array;
  let out: Float64Array | null = null;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (Number.isNaN(v)) throw new RangeError(`${what}[${i}] is NaN`);
    const lo = space.low[i]!, hi = space.high[i]!;
    if (v < lo || v > hi) {
      out ??= a.slice();
      out[i] = v < lo ? lo : hi;
    }
  }
  return out ?? a;
}
