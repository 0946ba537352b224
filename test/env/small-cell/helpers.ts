// Shared fixtures for the small-cell tests: the tiny hand-computable scenario (2 cells, 2 UEs per
// cell, 2 channels) used by the model, observation and env tests, and relative-error assertions.
//
// Geometry (m): SBS 0 at (0, 0), SBS 1 at (1000, 0).
//   UE 0 (cell 0) at (100, 0):   100 m from SBS 0, 900 m from SBS 1
//   UE 1 (cell 0) at (0, 50):     50 m from SBS 0, √(1000² + 50²) = 1001.249 m from SBS 1
//   UE 2 (cell 1) at (900, 0):   100 m from SBS 1, 900 m from SBS 0
//   UE 3 (cell 1) at (1000, 250): 250 m from SBS 1
// Fading |g|² = 1 on every (UE, SBS, channel) except UE 0 → SBS 0 on channel 0, where it is 2.
// Tasks (d bit, ω cycle, T̃ = 0.9·ω/1e9 s):
//   UE 0: 2e6, 2e9 → 1.8;  UE 1: 2e6, 1e9 → 0.9;  UE 2: 1.6e6, 1.6e9 → 1.44;  UE 3: 2.4e6, 1.2e9 → 1.08.
// Decisions:
//   cell 0: UE 0 α = 0.5 on channel 0, p = 0.1 W, f = 0.5;  UE 1 α = 1 on channel 1, p = 0.2 W, f = 0.5
//   cell 1: UE 2 α = 1 on channel 0, p = 0.2 W, f = 1;      UE 3 local (α = 0)
// So UE 0 and UE 2 share channel 0 and interfere with each other; UE 1 is alone on channel 1.

import { expect } from 'vitest';
import type { CellDecision, SmallCellConfigInput, SmallCellState } from '../../../lib/env/small-cell/index.js';
import { SmallCellEnv } from '../../../lib/env/small-cell/index.js';

// P_max = 0.2 W (instead of 23 dBm = 0.19953 W) so the hand-made decisions may use 0.2 W.
export const TINY: SmallCellConfigInput = { numCells: 2, uesPerCell: 2, numChannels: 2, maxPowerW: 0.2 };

export const TINY_SBS = [0, 0, 1000, 0];
export const TINY_UE = [100, 0, 0, 50, 900, 0, 1000, 250];
export const TINY_BITS = [2e6, 2e6, 1.6e6, 2.4e6];
export const TINY_CYCLES = [2e9, 1e9, 1.6e9, 1.2e9];

/** `[ue][sbs][channel]`, all 1 except UE 0 → SBS 0 on channel 0 (index 0) = 2. */
export function tinyFading(): number[] {
  const g = new Array<number>(4 * 2 * 2).fill(1);
  g[0] = 2;
  return g;
}

export function tinyDecisions(): CellDecision[] {
  return [
    {
      alpha: Float64Array.of(0.5, 1),
      channel: Int32Array.of(0, 1),
      powerW: Float64Array.of(0.1, 0.2),
      cpuShare: Float64Array.of(0.5, 0.5),
      forcedLocal: Uint8Array.of(0, 0),
    },
    {
      alpha: Float64Array.of(1, 0),
      channel: Int32Array.of(0, -1),
      powerW: Float64Array.of(0.2, 0),
      cpuShare: Float64Array.of(1, 0),
      forcedLocal: Uint8Array.of(0, 0),
    },
  ];
}

/** A tiny env placed in the hand-made state (running, step 0). */
export function tinyEnv(config: SmallCellConfigInput = {}): SmallCellEnv {
  const env = new SmallCellEnv({ ...TINY, ...config });
  env.reset({ seed: 0 });
  const state: SmallCellState = {
    ...env.getState(),
    sbsPositions: TINY_SBS,
    uePositions: TINY_UE,
    fading: tinyFading(),
    taskBits: TINY_BITS,
    taskCycles: TINY_CYCLES,
    observedInterference: [0, 0, 0, 0],
    steps: 0,
    status: 'running',
  };
  env.setState(state);
  return env;
}

/** |actual − expected| <= rel·|expected| (or <= rel when expected is 0). */
export function expectRel(actual: number, expected: number, rel = 1e-9, what = ''): void {
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${what ? `${what}: ` : ''}expected ${actual} to be within ${rel} (relative) of ${expected}`);
}

export function expectAllRel(actual: ArrayLike<number>, expected: readonly number[], rel = 1e-9, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i] as number, expected[i] as number, rel, `${what}[${i}]`);
}
