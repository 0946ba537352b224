// Fixed beams of the optimiser-based schemes (spec 03 §4.4 [R]): MRT beams `w_i = h_i/‖h_i‖`
// (Hybrid-opt) and energy beams `w_i ∝ Σ_{k≠i} h_k/‖h_k‖` (MEC-disabled, Active-enabled: the beam
// of slot i powers the other users, who harvest during user i's passive sub-slot, eq. (8)).

import type { ComplexVector } from '../common/index.js';
import { complexVector, normalizeComplexVector, squaredNorm } from '../common/index.js';

/** MRT beams `w_i = h_i/‖h_i‖` ((1,…,1)/√M for a zero channel). */
export function mrtBeams(channels: readonly ComplexVector[]): ComplexVector[] {
  return channels.map((h) => normalizeComplexVector(h));
}

/**
 * Energy beams `w_i = v_i/‖v_i‖`, `v_i = Σ_{k≠i} h_k/‖h_k‖` ((1,…,1)/√M when v_i is (nearly) zero,
 * e.g. with a single user).
 */
export function energyBeams(channels: readonly ComplexVector[]): ComplexVector[] {
  const M = channels[0]?.re.length ?? 0;
  const unit = channels.map((h) => (squaredNorm(h) > 0 ? normalizeComplexVector(h) : complexVector(M)));
  return channels.map((_, i) => {
    const v = complexVector(M);
    unit.forEach((u, k) => {
      if (k === i) return;
      for (let a = 0; a < M; a++) {
        v.re[a] = (v.re[a] as number) + (u.re[a] as number);
        v.im[a] = (v.im[a] as number) + (u.im[a] as number);
      }
    });
    return normalizeComplexVector(v, v);
  });
}
