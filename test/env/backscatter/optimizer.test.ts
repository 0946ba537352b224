// Problem (10) (spec 03 §4.2) solved with lib/opt: a 2-user case against a brute-force search, and
// KKT residuals, feasibility and model consistency on 100 random instances.

import { describe, expect, it } from 'vitest';
import { complexVectorFrom } from '../../../lib/env/common/index.js';
import { kktResiduals } from '../../../lib/opt/index.js';
import { deriveStream } from '../../../lib/random/index.js';
import {
  BackscatterEnv,
  buildProblem10,
  decodeApAction,
  mrtBeams,
  energyBeams,
  resolveBackscatterConfig,
  solveProblem10,
} from '../../../lib/env/backscatter/index.js';

const C = resolveBackscatterConfig({ numAntennas: 2, userPositions: [[10, 0], [0, 10]] });
const S = Math.SQRT1_2;
// Same channels and beams as model.test.ts: ‖h_0‖² = 2e−4, ‖h_1‖² = 1e−4, G01 = 1e−4, G10 = 5e−5.
const H = [complexVectorFrom([0.01, 0], [0, 0.01]), complexVectorFrom([0.01, 0], [0, 0])];
const W = [complexVectorFrom([S, 0], [0, S]), complexVectorFrom([1, 0], [0, 0])];

describe('problem (10): a 2-user case against brute force', () => {
  // ℓ = [40, 5], E = [5e−4, 1e−3] J. User 1 can do its 5 wu locally (5e−5 J of a full battery), so
  // its part of the optimum is t_a1 = ℓ_a1 = ℓ_b1 = 0, s_1 = 0 and only t_b1 (1.05 J/s, powering
  // user 0's harvest η p G01 = 6e−5 W) matters. User 0 is short of energy and time. For fixed
  // (t_a0, t_b0, ℓ_a0, t_b1) the rest is a small LP solved greedily: local first (free, up to
  // min(r_c T, (B_0 − E_a)/φ_c)), then passive (φ_o, up to t_b0 r_b0), then slack (ρ = 1e3).
  const ph = C.physics;
  const g0 = 2e-4;
  const rb0 = 4 * Math.log2(1 + (0.5 * g0 * g0) / 1e-8); // 6.33985 wu/s
  const rmax0 = 4 * Math.log2(1 + (0.1 * g0) / 1e-8);
  const cost = (ta0: number, tb0: number, la0: number, tb1: number): number => {
    if (ta0 + tb0 > 1 + 1e-12 || la0 > ta0 * rmax0 + 1e-12) return Infinity;
    const ea = ta0 > 0 ? ta0 * (Math.expm1((la0 / (4 * ta0)) * Math.LN2) * (1e-8 / g0) + ph.circuitPower) : la0 > 0 ? Infinity : 0;
    const budget = Math.min(5e-4 + 0.6 * 1 * 1e-4 * tb1, 1e-3);
    if (ea > budget) return Infinity;
    let need = 40 - la0;
    const lc = Math.max(0, Math.min(need, 30, (budget - ea) / ph.phiLocal));
    need -= lc;
    const lb = Math.max(0, Math.min(tb0 * rb0, need));
    const s = Math.max(0, need - lb);
    return 0.1 * ta0 + 1.05 * tb0 + 1e-3 * (la0 + lb) + 1e3 * s + 1.05 * tb1;
  };

  it('the solver matches a grid + ternary search to 1e−6 relative, and is not better than it by more than the gap', () => {
    const r = solveProblem10({ channels: H, beams: W, workloads: [40, 5], batteries: [5e-4, 1e-3] }, C);
    // The cost minimised over ℓ_a0 is convex in the times (a partial minimum of a convex problem), and
    // convex in ℓ_a0 for fixed times, so: a grid over t_a0 (101 points) × t_b0/(1 − t_a0) (21) ×
    // t_b1 (5) with an exact 1-D ternary search over ℓ_a0 ∈ [0, min(t_a0 r_max, 40)], then a ternary
    // search over t_a0 around the best grid cell.
    const overLa = (ta: number, tb: number, tb1: number): [number, number] => {
      let lo = 0;
      let hi = Math.min(ta * rmax0, 40);
      for (let it = 0; it < 100; it++) {
        const m1 = lo + (hi - lo) / 3;
        const m2 = hi - (hi - lo) / 3;
        const f2 = cost(ta, tb, m2, tb1);
        if (f2 === Infinity || cost(ta, tb, m1, tb1) < f2) hi = m2;
        else lo = m1;
      }
      return [cost(ta, tb, lo, tb1), lo];
    };
    let best = { v: Infinity, x: [0, 0, 0, 0], q: 0 };
    for (let a = 0; a <= 100; a++) for (let b = 0; b <= 20; b++) for (let d = 0; d <= 4; d++) {
      const ta = a / 100;
      const tb = (b / 20) * (1 - ta);
      const [v, la] = overLa(ta, tb, d / 4);
      if (v < best.v) best = { v, x: [ta, tb, la, d / 4], q: b / 20 };
    }
    {
      const at = (ta: number) => overLa(ta, best.q * (1 - ta), best.x[3]!);
      let lo = Math.max(0, best.x[0]! - 1 / 100);
      let hi = Math.min(1, best.x[0]! + 1 / 100);
      for (let it = 0; it < 100; it++) {
        const m1 = lo + (hi - lo) / 3;
        const m2 = hi - (hi - lo) / 3;
        if (at(m1)[0] < at(m2)[0]) hi = m2;
        else lo = m1;
      }
      const [v, la] = at(lo);
      if (v < best.v) best = { v, x: [lo, best.q * (1 - lo), la, best.x[3]!], q: best.q };
    }
    const bx = best.x as [number, number, number, number];
    const f = r.solver.objective;
    expect(f).toBeGreaterThan(300); // user 0 is in outage: s_0 > 0
    expect(Math.abs(best.v - f)).toBeLessThanOrEqual(1e-6 * f);
    expect(f).toBeGreaterThanOrEqual(best.v - r.solver.gap - 1e-9 * f);
    // user 0's plan agrees with the search's to 1e−3 (times in s, workloads in wu)
    const e0 = r.estimates[0]!;
    expect(Math.abs(e0.ta - bx[0])).toBeLessThan(1e-3);
    expect(Math.abs(e0.tb - bx[1])).toBeLessThan(1e-3);
    expect(Math.abs(e0.la - bx[2])).toBeLessThan(1e-3);
    expect(Math.abs(r.estimates[1]!.tb - bx[3])).toBeLessThan(1e-3);
    expect(r.expectedOutage).toEqual([true, false]);
    expect(r.estimates[1]!.la).toBeLessThan(1e-6);
  });

  it('the start of §4.2 is strictly feasible and matches its formulas', () => {
    const p = buildProblem10({ channels: H, beams: W, workloads: [40, 5], batteries: [5e-4, 1e-3] }, C);
    // B_0 = min(5e−4 + 0.6·1·0.1·G01, 1e−3) = 5e−4 + 6e−6 = 5.06e−4; t_a = min(0.1, B/(4p_o)) = 0.1;
    // ℓ_a = 0.1·4·log2(1 + 0.1·1e−4·2e−4/1e−8) = 0.4·log2(1.2) = 0.105214; ℓ_c = min(15, B/(4φ_c)) = 12.65
    expect(p.startBudget[0]).toBeCloseTo(5.06e-4, 15);
    expect(p.x0[0]).toBeCloseTo(0.1, 15);
    expect(p.x0[2]).toBeCloseTo(0.4 * Math.log2(1.2), 12);
    expect(p.x0[4]).toBeCloseTo(12.65, 10);
    expect(p.x0[3]).toBeCloseTo(0.5 * 0.1 * rb0, 12);
    expect(p.x0[5]).toBe(41);
    for (const row of p.problem.constraints) expect(row.value(p.x0)).toBeLessThan(0);
  });

  it('an empty battery with no harvest fixes t_a = ℓ_a = ℓ_c = 0 (one user)', () => {
    const one = resolveBackscatterConfig({ numAntennas: 2, userPositions: [[10, 0]] });
    const r = solveProblem10({ channels: [H[0]!], beams: [W[0]!], workloads: [10], batteries: [0] }, one);
    expect(r.solver.numFreeVars).toBe(3);
    expect(r.estimates[0]!.la).toBe(0);
    // only passive offloading is left: ℓ_b <= t_b r_b with t_b <= 1 ⇒ 6.33985 wu, s = 10 − 6.33985
    expect(r.slack[0]).toBeCloseTo(10 - rb0, 5);
  });
});

describe('problem (10) on 100 random instances', () => {
  it('converges; gap <= 1e−8·m; strictly feasible; small KKT residuals; the model agrees with the slack', () => {
    const env = new BackscatterEnv();
    const rng = deriveStream(7, 'opt-instances');
    let outages = 0;
    for (let k = 0; k < 100; k++) {
      env.reset({ seed: 1000 + k });
      // vary the batteries: a few frames of a fixed policy first
      for (let f = 0; f < k % 4; f++) {
        env.setApAction(new Float64Array(18).fill(0.6));
        env.stepUsers([0, 1, 2].map(() => Float64Array.from([0.3, 0.5, 0.3, 0.3, 0.4])));
      }
      const frame = env.frame();
      const beams = k % 3 === 0 ? mrtBeams(frame.channels) : decodeApAction(Array.from({ length: 18 }, () => rng.nextDouble()), 3, 3);
      const r = solveProblem10({ ...frame, beams }, env.config);
      const m = r.solver.numBarrierTerms;
      expect(r.solver.gap).toBeLessThanOrEqual(1e-8 * m * (1 + 1e-12));
      for (const v of r.solver.rowValues) expect(v).toBeLessThan(0);
      const kkt = kktResiduals(r.problem, r.solver.x, r.solver.duals);
      expect(kkt.primal).toBeLessThanOrEqual(0);
      expect(kkt.minDual).toBeGreaterThan(0);
      // relative to the cancelling terms; limited by the duals' float64 resolution (λ ≈ 1e8 on energy rows)
      expect(kkt.relativeStationarity).toBeLessThan(1e-3);
      // users the optimiser does not expect in outage succeed in the model after encode → decode
      r.outcome.users.forEach((u, i) => {
        if (!r.expectedOutage[i]) expect(u.success).toBe(1);
      });
      expect(r.yStar).toBe(r.outcome.apReward);
      outages += r.expectedOutage.filter(Boolean).length;
    }
    expect(outages).toBeGreaterThan(0); // the instances include energy-starved users
  });

  it('restricted schemes: active-enabled has ℓ_b = 0, mec-disabled t_a = ℓ_a = ℓ_b = 0, and nothing unsent', () => {
    for (const scheme of ['active-enabled', 'mec-disabled'] as const) {
      const env = new BackscatterEnv({ scheme });
      env.reset({ seed: 5 });
      const frame = env.frame();
      const r = solveProblem10({ ...frame, beams: mrtBeams(frame.channels) }, env.config);
      for (const d of r.estimates) {
        expect(d.lb).toBe(0);
        if (scheme === 'mec-disabled') expect([d.ta, d.la]).toEqual([0, 0]);
      }
      for (const u of r.outcome.users) expect(u.causes.unsent).toBe(false);
    }
  });
});

describe('fixed beams of the optimiser schemes (§4.4)', () => {
  it('energy beams: w_i ∝ Σ_{k≠i} h_k/‖h_k‖', () => {
    // h_0/‖h_0‖ = [1/√2, j/√2], h_1/‖h_1‖ = [1, 0]: w_0 = [1, 0] (from user 1), w_1 = [1/√2, j/√2]
    const w = energyBeams(H);
    expect(Array.from(w[0]!.re)).toEqual([1, 0]);
    expect(w[1]!.re[0]).toBeCloseTo(S, 15);
    expect(w[1]!.im[1]).toBeCloseTo(S, 15);
    // three users: h = e1, e2, e1 ⇒ w_0 ∝ e2 + e1, w_1 ∝ 2e1, w_2 ∝ e1 + e2
    const e1 = complexVectorFrom([1, 0], [0, 0]);
    const e2 = complexVectorFrom([0, 1], [0, 0]);
    const w3 = energyBeams([e1, e2, e1]);
    expect(Array.from(w3[0]!.re).map((x) => x.toFixed(12))).toEqual([S.toFixed(12), S.toFixed(12)]);
    expect(Array.from(w3[1]!.re)).toEqual([1, 0]);
  });
});

// Captured from the power sweep (apPower = 4 W, h-maddpg-opt seed 3, evaluation): user 0's battery
// is empty; the last centering (t = 1e8) met a Newton system singular to working precision and the
// solver threw, crashing the run. It now answers with the previous centre and says so.
describe('problem (10): a late centering with a singular Newton system (regression)', () => {
  it('returns the previous centre, flagged as stalled, feasible with small KKT residuals', () => {
    const config = resolveBackscatterConfig({ physics: { apPower: 4 } });
    const channels = [
      complexVectorFrom([0.006603301752583785, 0.00029718871116172065, 0.003811207768933811], [0.001816308615413904, 0.0038308608370240544, 0.008264858731304513]),
      complexVectorFrom([-0.014110360162408738, -0.008873838734372934, 0.012684306173431728], [0.018268030334305387, -0.003855210085265909, -0.015046665269424211]),
      complexVectorFrom([0.020940989388175443, 0.009201861706850561, 0.015402018959878519], [-0.007462984687905527, 0.04115146804043627, 0.0017151299790011706]),
    ];
    const beams = [
      complexVectorFrom([0.40824830156850117, 0.4082482916841987, 0.4082482777661003], [0.40824830146125124, 0.40824829338038304, 0.4082482769227427]),
      complexVectorFrom([0.4082482842555758, 0.4082483359263516, 0.4082482866211555], [0.4082483437568865, 0.4082481899543449, 0.40824830226884523]),
      complexVectorFrom([0.4082483424003454, 0.40824831573984355, 0.4082482159822098], [0.40824831406599615, 0.40824830660694883, 0.4082482479878202]),
    ];
    const r = solveProblem10({ channels, workloads: Float64Array.from([34, 32, 35]), batteries: Float64Array.from([0, 0.0007909580959310493, 0.001]), beams }, config);
    expect(r.solver.stalledStops).toBe(1);
    expect(r.solver.t).toBeLessThan(1e8);
    for (const v of r.solver.rowValues) expect(v).toBeLessThan(0);
    const kkt = kktResiduals(r.problem, r.solver.x, r.solver.duals);
    expect(kkt.primal).toBeLessThanOrEqual(0);
    expect(kkt.minDual).toBeGreaterThan(0);
    expect(r.yStar).toBe(r.outcome.apReward);
  });
});
