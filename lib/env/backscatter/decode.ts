// Decoding of the agents' raw sigmoid outputs into beams and user plans, and the encoders that map
// plans and beams back to raw form (spec 03 §3 and resolutions 2, 3, 6).
//
// AP: `u ∈ [0,1]^{2MN}`, user-major, per user M real parts then M imaginary parts (resolution 2);
//   `w_i = v/‖v‖`, `v = (2u_re − 1) + j(2u_im − 1)`, `(1,…,1)/√M` if ‖v‖ < 1e−8 (common/multiAntenna).
// User: `u ∈ [0,1]^5`: `t_a = u1·T`, `t_b = u2·(T − t_a)`, workload fractions `(u3,u4,u5)/(u3+u4+u5)`
//   (`(1/3,1/3,1/3)` if the sum is below 1e−6) times ℓ_i ⇒ ℓ_a, ℓ_b, ℓ_c (so (1) holds with equality).
//   [R] Restricted schemes (§4.4) zero the weights of the modes they forbid before normalising
//   (`active-enabled`: u4; `mec-disabled`: u3 and u4), and split equally over the allowed modes when
//   the remaining sum is below 1e−6. Under `hybrid` this is exactly the spec's decoder.

import type { ComplexVector } from '../common/index.js';
import { decodeBeams } from '../common/index.js';
import type { BackscatterScheme } from './config.js';
import type { UserDecision } from './model.js';

/** Below this weight sum the workload is split equally (spec 03 §3). */
export const WEIGHT_SUM_FLOOR = 1e-6;
/** `u2 = 0` when `t_a >= T − 1e−9` (encode, spec 03 §3). */
export const ENCODE_TA_MARGIN = 1e-9;

/**
 * Decode a user's raw action (values in [0, 1], validated by the caller).
 *
 * @param u - 5 raw outputs.
 * @param workload - ℓ_i, wu.
 * @param slot - T_i, s.
 * @param scheme - offloading scheme (default `hybrid`).
 */
export function decodeUserAction(u: ArrayLike<number>, workload: number, slot: number, scheme: BackscatterScheme = 'hybrid'): UserDecision {
  const ta = (u[0] as number) * slot;
  const tb = (u[1] as number) * (slot - ta);
  const wa = scheme === 'mec-disabled' ? 0 : (u[2] as number);
  const wb = scheme === 'hybrid' ? (u[3] as number) : 0;
  const wc = u[4] as number;
  const sum = wa + wb + wc;
  let fa: number;
  let fb: number;
  let fc: number;
  if (sum >= WEIGHT_SUM_FLOOR) {
    fa = wa / sum;
    fb = wb / sum;
    fc = wc / sum;
  } else if (scheme === 'hybrid') {
    fa = fb = fc = 1 / 3;
  } else if (scheme === 'active-enabled') {
    fa = fc = 1 / 2;
    fb = 0;
  } else {
    fa = fb = 0;
    fc = 1;
  }
  return { ta, tb, la: fa * workload, lb: fb * workload, lc: fc * workload };
}

/**
 * Encode a plan back to raw form (spec 03 §3): `u1 = t_a/T`, `u2 = t_b/(T − t_a)` (0 if
 * `t_a >= T − 1e−9`), `(u3,u4,u5) = (ℓ_a,ℓ_b,ℓ_c)/(ℓ_a+ℓ_b+ℓ_c)`, all zero for an all-zero plan
 * (resolution 3). Values are clipped into [0, 1] against round-off. `decode(encode(d))` reproduces d
 * with its workloads rescaled to sum to ℓ_i.
 */
export function encodeUserAction(d: UserDecision, slot: number): Float64Array {
  const clip = (v: number): number => Math.min(1, Math.max(0, v));
  const u = new Float64Array(5);
  u[0] = clip(d.ta / slot);
  u[1] = d.ta >= slot - ENCODE_TA_MARGIN ? 0 : clip(d.tb / (slot - d.ta));
  const sum = d.la + d.lb + d.lc;
  if (sum > 0) {
    u[2] = clip(d.la / sum);
    u[3] = clip(d.lb / sum);
    u[4] = clip(d.lc / sum);
  }
  return u;
}

/** Decode the AP's raw action into N unit beams (layout `split`, resolution 2). */
export function decodeApAction(u: ArrayLike<number>, numUsers: number, numAntennas: number): ComplexVector[] {
  return decodeBeams(u, numUsers, numAntennas, 'split');
}

/**
 * A raw AP action that decodes to the given unit beams: per beam `u = (v + 1)/2` with
 * `v = w / max_k max(|Re w_k|, |Im w_k|)` (so v ∈ [−1, 1]^{2M} and v/‖v‖ = w). Used to execute fixed
 * beams (MRT, energy beams) through the env's raw API.
 */
export function encodeBeams(beams: readonly ComplexVector[]): Float64Array {
  const M = beams[0]?.re.length ?? 0;
  const u = new Float64Array(2 * M * beams.length);
  beams.forEach((w, i) => {
    let peak = 0;
    for (let k = 0; k < M; k++) peak = Math.max(peak, Math.abs(w.re[k] as number), Math.abs(w.im[k] as number));
    const s = peak > 0 ? 1 / peak : 0;
    for (let k = 0; k < M; k++) {
      u[2 * M * i + k] = Math.min(1, Math.max(0, ((w.re[k] as number) * s + 1) / 2));
      u[2 * M * i + M + k] = Math.min(1, Math.max(0, ((w.im[k] as number) * s + 1) / 2));
    }
  });
  return u;
}
