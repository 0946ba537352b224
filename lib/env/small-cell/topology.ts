// Topology of the small-cell network (spec 01 §1 "Geometry and channel"): SBS positions in the
// area, UE positions in the disc of each SBS, and the large-scale gains of every UE → SBS link.
//
// Placement, in draw order (every draw from the rng given — the (seed, 'topology') stream for
// `topology: 'perRun'`, the env's generator at each reset for 'perEpisode'):
//   1. SBS m = 0..M−1: x ~ U[0, W), y ~ U[0, H); [R] rejection until the distance to every SBS
//      already placed is >= sbsMinSeparation (at most `maxTries` candidates per SBS, then an error).
//   2. UEs cell by cell, UE by UE (global UE index j = m·N_m + n): r = R·sqrt(U1), θ = 2π·U2
//      (uniform in the disc of radius R around SBS m); [R] redrawn while r < ueMinDistance (at most
//      `maxTries` candidates per UE). UEs may lie outside the area: the paper only bounds the SBSs.
// Positions are in metres.

import type { Rng } from '../../random/index.js';
import { uniform } from '../../random/index.js';
import { gainFromPathLossDb, minDistanceGuard, okumuraHataPathLossDb } from '../common/index.js';
import { cos, sin } from '../../math/index.js';

/** SBS and UE positions, flat `[x0, y0, x1, y1, …]` in metres. */
export interface SmallCellTopology {
  /** Length 2M. */
  readonly sbs: Float64Array;
  /** Length 2N, UE j = m·N_m + n belongs to cell m. */
  readonly ue: Float64Array;
}

/** What {@link drawTopology} needs (a resolved `SmallCellConfig` has all of it). */
export interface TopologyParams {
  readonly numCells: number;
  readonly uesPerCell: number;
  readonly areaWidthM: number;
  readonly areaHeightM: number;
  readonly cellRadiusM: number;
  readonly sbsMinSeparation: number;
  readonly ueMinDistance: number;
  readonly topologyMaxTries: number;
}

/** Euclidean distance between point i of `p` and point j of `q` (flat [x, y, …] arrays), m. */
export function pointDistance(p: ArrayLike<number>, i: number, q: ArrayLike<number>, j: number): number {
  const dx = (p[2 * i] as number) - (q[2 * j] as number);
  const dy = (p[2 * i + 1] as number) - (q[2 * j + 1] as number);
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Draw a topology (see the file header for the draw order and the rejection rules).
 * @throws Error naming the SBS/UE and the constraint when `topologyMaxTries` candidates all fail.
 */
export function drawTopology(rng: Rng, params: TopologyParams): SmallCellTopology {
  const { numCells: M, uesPerCell: Nm, areaWidthM: W, areaHeightM: H, cellRadiusM: R, sbsMinSeparation, ueMinDistance, topologyMaxTries } = params;
  const sbs = new Float64Array(2 * M);
  for (let m = 0; m < M; m++) {
    let placed = false;
    for (let attempt = 0; attempt < topologyMaxTries && !placed; attempt++) {
      sbs[2 * m] = uniform(rng, 0, W);
      sbs[2 * m + 1] = uniform(rng, 0, H);
      placed = true;
      for (let k = 0; k < m; k++) {
        if (pointDistance(sbs, m, sbs, k) < sbsMinSeparation) {
          placed = false;
          break;
        }
      }
    }
    if (!placed) {
      throw new Error(`small-cell topology: could not place SBS ${m} at least sbsMinSeparation = ${sbsMinSeparation} m from the ` +
        `${m} SBS(s) already placed in the ${W} m × ${H} m area after ${topologyMaxTries} tries (topologyMaxTries); ` +
        'lower sbsMinSeparation or numCells, or enlarge the area');
    }
  }
  const ue = new Float64Array(2 * M * Nm);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < Nm; n++) {
      const j = m * Nm + n;
      let placed = false;
      for (let attempt = 0; attempt < topologyMaxTries && !placed; attempt++) {
        const r = R * Math.sqrt(uniform(rng, 0, 1));
        const theta = 2 * Math.PI * uniform(rng, 0, 1);
        if (r < ueMinDistance) continue;
        ue[2 * j] = (sbs[2 * m] as number) + r * cos(theta);
        ue[2 * j + 1] = (sbs[2 * m + 1] as number) + r * sin(theta);
        placed = true;
      }
      if (!placed) {
        throw new Error(`small-cell topology: could not place UE ${n} of cell ${m} at least ueMinDistance = ${ueMinDistance} m from ` +
          `its SBS within cellRadiusM = ${R} m after ${topologyMaxTries} tries (topologyMaxTries)`);
      }
    }
  }
  return { sbs, ue };
}

/**
 * Large-scale gain of one link (spec 01 §1): `L(d) = 10^(−PL(d)/10)` with the Okumura–Hata loss
 * `PL(d) = 137.74 + 35.22·log10(d_km)` dB and [R] `d ← max(d, minLinkDistance)`.
 * Example: d = 100 m ⇒ PL = 137.74 − 35.22 = 102.52 dB ⇒ L = 10^(−10.252) = 5.5976e−11.
 *
 * @param distanceM - UE–SBS distance, m, >= 0.
 * @param minLinkDistanceM - guard, m, > 0.
 * @returns linear power gain (dimensionless).
 */
export function linkGain(distanceM: number, minLinkDistanceM: number): number {
  return gainFromPathLossDb(okumuraHataPathLossDb(minDistanceGuard(distanceM, minLinkDistanceM) / 1000));
}

/**
 * Large-scale gains of every UE → SBS link: `out[j·M + m] = L(d(UE j, SBS m))` (row-major
 * `[ue][sbs]`), own links and interfering links alike.
 */
export function largeScaleGains(topology: SmallCellTopology, minLinkDistanceM: number): Float64Array {
  const M = topology.sbs.length / 2;
  const N = topology.ue.length / 2;
  const out = new Float64Array(N * M);
  for (let j = 0; j < N; j++) {
    for (let m = 0; m < M; m++) out[j * M + m] = linkGain(pointDistance(topology.ue, j, topology.sbs, m), minLinkDistanceM);
  }
  return out;
}
