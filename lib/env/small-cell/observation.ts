// Observation of SBS agent m (spec 01 §3 "Observation of agent m"), flattened in this order:
//   1. h_m: N_m × K own-link gains h_{n,k}^{(m)} = L(d_{n,m})·|g|², row-major by UE then channel;
//   2. I_m: K interference powers at SBS m, channel 0..K−1 — [R] `interferenceObs`:
//      'previousSlot' = measured during slot t−1 (0 at t = 0), 'zero' = always 0;
//   3. Task_m: per UE (d_n, ω_n, T̃_n), UE 0..N_m−1.
// Length `N_m·K + K + 3·N_m` (206 for the paper).
//
// [R] Normalisation `obsNorm`:
//   'scaled' (default): gain    (10·log10(h + 1e−30) + hOffset)/hScale   (defaults 100, 30)
//                       interf. (10·log10(I + 1e−20) + iOffset)/iScale   (defaults 130, 30)
//                       d/d_max, ω/ω_max, T̃/T̃_max with the config's maxima (2.4e6 bit, 2.4e9
//                       cycle, 2.16 s for the paper), so the task features lie in (0, 1];
//   'paper': the raw SI values (W-less gains, W, bit, cycle, s).
// The 1e−30 / 1e−20 offsets keep the logarithm finite; fading gains are never exactly 0 anyway.

import type { SmallCellObsDb, SmallCellObsNorm } from './config.js';
import { log10 } from '../../math/index.js';

/** Added to a gain before the logarithm in the `scaled` observation. */
export const GAIN_LOG_EPSILON = 1e-30;
/** Added to an interference power (W) before the logarithm in the `scaled` observation. */
export const INTERFERENCE_LOG_EPSILON = 1e-20;

/** `scaled` gain feature: `(10·log10(h + 1e−30) + hOffset)/hScale`. Example (defaults): h = 1e−10 ⇒ (−100 + 100)/30 = 0. */
export function gainFeature(gain: number, obsDb: SmallCellObsDb): number {
  return (10 * log10(gain + GAIN_LOG_EPSILON) + obsDb.hOffset) / obsDb.hScale;
}

/** `scaled` interference feature: `(10·log10(I + 1e−20) + iOffset)/iScale`. Example (defaults): I = 1e−13 W ⇒ (−130 + 130)/30 = 0. */
export function interferenceFeature(interferenceW: number, obsDb: SmallCellObsDb): number {
  return (10 * log10(interferenceW + INTERFERENCE_LOG_EPSILON) + obsDb.iOffset) / obsDb.iScale;
}

/** What the observation needs (a resolved config plus its dims). */
export interface ObservationParams {
  readonly numCells: number;
  readonly uesPerCell: number;
  readonly numChannels: number;
  readonly obsNorm: SmallCellObsNorm;
  readonly obsDb: SmallCellObsDb;
  /** Divisors of the `scaled` task features. */
  readonly taskBitsMax: number;
  readonly cyclesMax: number;
  readonly deadlineMax: number;
}

/** Index of the first entry of each part of the observation. */
export function observationOffsets(uesPerCell: number, numChannels: number): { readonly gains: number; readonly interference: number; readonly tasks: number; readonly length: number } {
  const interference = uesPerCell * numChannels;
  const tasks = interference + numChannels;
  return { gains: 0, interference, tasks, length: tasks + 3 * uesPerCell };
}

/**
 * Observation bounds: `paper` ⇒ [0, +∞) everywhere; `scaled` ⇒ gains in [gainFeature(0), +∞),
 * interference in [interferenceFeature(0), +∞), task features in [0, 1].
 */
export function observationBounds(params: ObservationParams): { readonly low: Float64Array; readonly high: Float64Array } {
  const { uesPerCell: Nm, numChannels: K } = params;
  const o = observationOffsets(Nm, K);
  const low = new Float64Array(o.length);
  const high = new Float64Array(o.length).fill(Infinity);
  if (params.obsNorm === 'scaled') {
    low.fill(gainFeature(0, params.obsDb), o.gains, o.interference);
    low.fill(interferenceFeature(0, params.obsDb), o.interference, o.tasks);
    high.fill(1, o.tasks);
  }
  return { low, high };
}

/** The state the observation is read from (UE j = m·N_m + n). */
export interface ObservationState {
  /** `[ue][sbs]`, length N·M. */
  readonly largeScale: Float64Array;
  /** `[ue][sbs][channel]`, length N·M·K. */
  readonly fading: Float64Array;
  /** Interference observed by each SBS, `[sbs][channel]`, W (already the previous slot's, or zeros). */
  readonly observedInterference: Float64Array;
  readonly taskBits: Float64Array;
  readonly taskCycles: Float64Array;
  readonly deadline: Float64Array;
}

/** The observation of SBS `m` (a fresh Float64Array; layout in the file header). */
export function observeCell(m: number, state: ObservationState, params: ObservationParams): Float64Array {
  const { numCells: M, uesPerCell: Nm, numChannels: K, obsNorm, obsDb } = params;
  const o = observationOffsets(Nm, K);
  const out = new Float64Array(o.length);
  const scaled = obsNorm === 'scaled';
  for (let n = 0; n < Nm; n++) {
    const j = m * Nm + n;
    const L = state.largeScale[j * M + m] as number;
    const base = (j * M + m) * K;
    for (let k = 0; k < K; k++) {
      const h = L * (state.fading[base + k] as number);
      out[o.gains + n * K + k] = scaled ? gainFeature(h, obsDb) : h;
    }
  }
  for (let k = 0; k < K; k++) {
    const i = state.observedInterference[m * K + k] as number;
    out[o.interference + k] = scaled ? interferenceFeature(i, obsDb) : i;
  }
  for (let n = 0; n < Nm; n++) {
    const j = m * Nm + n;
    const d = state.taskBits[j] as number;
    const w = state.taskCycles[j] as number;
    const t = state.deadline[j] as number;
    out[o.tasks + 3 * n] = scaled ? d / params.taskBitsMax : d;
    out[o.tasks + 3 * n + 1] = scaled ? w / params.cyclesMax : w;
    out[o.tasks + 3 * n + 2] = scaled ? t / params.deadlineMax : t;
  }
  return out;
}
