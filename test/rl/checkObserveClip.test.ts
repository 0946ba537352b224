// The checkers' new checks (issue 12) can fail: an env with actionBounds 'clip' must step an
// out-of-range action exactly as its clipped value, and observe() must throw before the first reset
// and follow reset/step/setState.

import { describe, expect, it } from 'vitest';
import { PendulumEnv, SimpleSpreadEnv } from '../../lib/env/index.js';
import { checkEnv, checkParallelEnv } from '../../lib/rl/index.js';

class HalfTorque extends PendulumEnv {
  override step(a: Float64Array) {
    return super.step(Float64Array.of(Math.max(-2, Math.min(2, (a[0] as number) * 0.5)))); // not a clip
  }
}
class EagerObserve extends PendulumEnv {
  override observe(): Float64Array {
    return Float64Array.of(1, 0, 0); // never throws, never follows the state
  }
}
class StaleParallelObserve extends SimpleSpreadEnv {
  override observe(): Float64Array {
    return new Float64Array(18); // never follows the state
  }
}

describe('checkers: clipping and observe()', () => {
  it("a 'clip' env that does not step out-of-range actions as their clipped value fails checkEnv", () => {
    expect(() => checkEnv(() => new HalfTorque(), { steps: 20 })).toThrow("actionBounds is 'clip' but the out-of-range action (action[0] above high[0] = 2) did not step as its clipped value");
  });
  it('observe() that works before reset fails checkEnv; a stale observe(agent) fails checkParallelEnv', () => {
    expect(() => checkEnv(() => new EagerObserve(), { steps: 20 })).toThrow('checkEnv(Pendulum-v1): observe() before reset() did not throw');
    expect(() => checkParallelEnv(() => new StaleParallelObserve(), { steps: 30 })).toThrow('observe("agent_0") after reset() differs from the observation reset() returned');
  });
});
