// The optimisation module of spec 03 §4.2 ("solve (10)"): given the AP's beams, the users' plans
// that minimise the AP energy (7) with an outage slack, solved by lib/opt's log-barrier method.
//
// Variables per user i (offset 6i): x = (t_a, t_b, ℓ_a, ℓ_b, ℓ_c, s), s >= 0 the unserved workload.
//   minimise  Σ_i [(p + p_{b,r}) t_b + p_{a,r} t_a + φ_o (ℓ_a + ℓ_b)] + ρ Σ_i s_i        (ρ = 1e3)
//   s.t.      ℓ_a + ℓ_b + ℓ_c + s >= ℓ_i                                   (1) with slack
//             ℓ_b <= t_b r_b                                               (3), passive part
//             t_a + t_b <= T_i;   ℓ_c <= r_c T_i                           (2)
//             t_a (σ²/‖h‖²)(2^{ℓ_a/(c_r t_a)} − 1) + p_o t_a + φ_c ℓ_c
//                 <= E_i + η p Σ_{k≠i} t_{b,k} |h_i^H w_k|²   and   <= E_max     (9) as two rows
//             ℓ_a <= t_a c_r log2(1 + maxUserTxPower ‖h‖²/σ²)             (power cap)
//             every variable >= 0.
// The energy row is the perspective of the convex `x ↦ (2^{x/c_r} − 1)σ²/‖h‖²` (+ p_o) — jointly
// convex for t_a > 0, `+∞` otherwise (lib/opt's perspectiveRow), and its right side is affine.
// Restricted schemes (resolution 7): `active-enabled` fixes ℓ_b = 0 and prices t_b at p (no p_{b,r});
// `mec-disabled` fixes t_a = ℓ_a = ℓ_b = 0 and the objective is Σ p·t_b (+ ρ Σ s).
//
// Strictly feasible start (§4.2): t_b = 0.1T for all; B_i = min(E_i + η p Σ_{k≠i} 0.1T |h_i^H w_k|², E_max);
// if B_i > 0: t_a = min(0.1T, B_i/(4p_o)), ℓ_a = t_a c_r log2(1 + β_0‖h‖²/σ²) with β_0 = 0.1 p_o,
// ℓ_c = min(0.5 r_c T, B_i/(4φ_c)), ℓ_b = 0.5 t_b r_b, s = ℓ_i + 1 — the energy left side is then
// <= 0.525 B_i. If B_i = 0: t_a = ℓ_a = ℓ_c = 0 are fixed (and that user's energy rows, whose left side
// is then 0, are dropped); if r_b = 0: ℓ_b = 0 is fixed (and the passive row dropped). [R] Edge cases
// outside the spec's physics: β_0 = min(0.1 p_o, 0.5·maxUserTxPower) (so the start is under the power
// cap), and with p_o = 0: β_0 = 0.5·maxUserTxPower, t_a = min(0.1T, B_i/(4β_0)); φ_c = 0 ⇒ ℓ_c = 0.5 r_c T.
//
// Output: the estimates â^u, the users with s_i > 1e−6 marked as expected outage, their raw
// (encoded) actions and — [R] — `yStar`, r^o of (11) evaluated by the model on (a^o, decode(encode(â)))
// (what executing the estimate runs, resolution 6); `yStarRaw` is (11) on â itself.

import type { BarrierOptions, BarrierResult, ConvexProblem, SmoothFunction } from '../../opt/index.js';
import { linearRow, lowerBound, perspectiveRow, solveBarrier } from '../../opt/index.js';
import type { ComplexVector } from '../common/index.js';
import { squaredNorm } from '../common/index.js';
import type { BackscatterConfig } from './config.js';
import { decodeUserAction, encodeUserAction } from './decode.js';
import type { FrameOutcome, UserDecision } from './model.js';
import { beamGainMatrix, evaluateFrame, passiveRate } from './model.js';
import { expm1, log2, pow } from '../../math/index.js';

/** Weight ρ of the outage slack in the objective (spec 03 §4.2). */
export const SLACK_WEIGHT = 1e3;
/** A user with slack above this is marked as expected outage (spec 03 §4.2). */
export const EXPECTED_OUTAGE_SLACK = 1e-6;
/** Variables per user: (t_a, t_b, ℓ_a, ℓ_b, ℓ_c, s). */
export const VARS_PER_USER = 6;
const TA = 0;
const TB = 1;
const LA = 2;
const LB = 3;
const LC = 4;
const SL = 5;

/** What the optimiser reads: the current frame and the AP's beams. */
export interface Problem10Input {
  readonly channels: readonly ComplexVector[];
  readonly beams: readonly ComplexVector[];
  readonly workloads: ArrayLike<number>;
  readonly batteries: ArrayLike<number>;
}

/** Problem (10) in lib/opt form with its strictly feasible start. */
export interface Problem10 {
  readonly problem: ConvexProblem;
  readonly x0: Float64Array;
  /** B_i of the start. */
  readonly startBudget: Float64Array;
}

/** The optimiser's answer. */
export interface Problem10Result {
  /** â^u: the solution's plans (times in s, workloads in wu). */
  readonly estimates: UserDecision[];
  /** s_i, unserved workload, wu. */
  readonly slack: Float64Array;
  /** s_i > 1e−6. */
  readonly expectedOutage: boolean[];
  /** â^u encoded to raw sigmoid form (what users execute). */
  readonly rawActions: Float64Array[];
  /** decode(encode(â^u)): the executed plans (workloads rescaled to sum to ℓ_i). */
  readonly executed: UserDecision[];
  /** The model's outcome of (a^o, executed). */
  readonly outcome: FrameOutcome;
  /** y* = r^o of (11) on (a^o, executed). */
  readonly yStar: number;
  /** r^o of (11) on (a^o, â^u) without the encode/decode round trip. */
  readonly yStarRaw: number;
  /** The barrier solver's result (objective, gap, duals, iterations). */
  readonly solver: BarrierResult;
  /** The problem solved (for KKT checks). */
  readonly problem: ConvexProblem;
}

/** Build problem (10) and the start of spec 03 §4.2 for `input` under `c` (scheme included). */
export function buildProblem10(input: Problem10Input, c: BackscatterConfig): Problem10 {
  const n = input.channels.length;
  const T = c.slotDuration;
  const ph = c.physics;
  const gains = beamGainMatrix(input.channels, input.beams);
  const nv = VARS_PER_USER * n;
  const v = (i: number, k: number): number => VARS_PER_USER * i + k;
  const linear = new Float64Array(nv);
  const fixed: Array<number | null> = new Array<number | null>(nv).fill(null);
  const x0 = new Float64Array(nv);
  const startBudget = new Float64Array(n);
  const rows: SmoothFunction[] = [];
  const activeAllowed = c.scheme !== 'mec-disabled';
  const passiveAllowed = c.scheme === 'hybrid';

  for (let i = 0; i < n; i++) {
    const g = squaredNorm(input.channels[i] as ComplexVector);
    const rb = passiveAllowed ? passiveRate(g, gains[i * n + i] as number, c) : 0;
    // objective
    if (c.scheme === 'mec-disabled') linear[v(i, TB)] = ph.apPower;
    else {
      linear[v(i, TB)] = ph.apPower + (passiveAllowed ? ph.apRxPowerPassive : 0);
      linear[v(i, TA)] = ph.apRxPowerActive;
      linear[v(i, LA)] = ph.phiMec;
      linear[v(i, LB)] = ph.phiMec;
    }
    linear[v(i, SL)] = SLACK_WEIGHT;
    // start
    let harvest0 = 0;
    for (let k = 0; k < n; k++) if (k !== i) harvest0 += 0.1 * T * (gains[i * n + k] as number);
    const budget = Math.min((input.batteries[i] as number) + c.eta * ph.apPower * harvest0, ph.batteryMax);
    startBudget[i] = budget;
    const hasEnergy = budget > 0;
    const beta0 = ph.circuitPower > 0 ? Math.min(0.1 * ph.circuitPower, 0.5 * ph.maxUserTxPower) : 0.5 * ph.maxUserTxPower;
    x0[v(i, TB)] = 0.1 * T;
    if (hasEnergy && activeAllowed) {
      const ta = Math.min(0.1 * T, budget / (4 * (ph.circuitPower > 0 ? ph.circuitPower : beta0)));
      x0[v(i, TA)] = ta;
      x0[v(i, LA)] = ta * ph.rateScale * log2(1 + (beta0 * g) / ph.noisePower);
    } else {
      fixed[v(i, TA)] = 0;
      fixed[v(i, LA)] = 0;
    }
    if (hasEnergy) x0[v(i, LC)] = ph.phiLocal > 0 ? Math.min(0.5 * ph.localRate * T, budget / (4 * ph.phiLocal)) : 0.5 * ph.localRate * T;
    else fixed[v(i, LC)] = 0;
    if (rb > 0) x0[v(i, LB)] = 0.5 * x0[v(i, TB)]! * rb;
    else fixed[v(i, LB)] = 0;
    x0[v(i, SL)] = (input.workloads[i] as number) + 1;

    // rows
    const name = (what: string): string => `${what}[${i}]`;
    rows.push(linearRow([[v(i, LA), -1], [v(i, LB), -1], [v(i, LC), -1], [v(i, SL), -1]], -(input.workloads[i] as number), name('workload')));
    if (fixed[v(i, LB)] === null) rows.push(linearRow([[v(i, LB), 1], [v(i, TB), -rb]], 0, name('passive')));
    rows.push(linearRow([[v(i, TA), 1], [v(i, TB), 1]], T, name('time')));
    rows.push(linearRow([[v(i, LC), 1]], ph.localRate * T, name('localCap')));
    if (hasEnergy) {
      const harvestTerms: Array<[number, number]> = [];
      for (let k = 0; k < n; k++) if (k !== i) harvestTerms.push([v(k, TB), -c.eta * ph.apPower * (gains[i * n + k] as number)]);
      const local: Array<[number, number]> = [[v(i, LC), ph.phiLocal]];
      const battery = input.batteries[i] as number;
      if (fixed[v(i, TA)] === null) {
        const coef = ph.noisePower / g;
        const phi = {
          value: (u: number) => expm1((u / ph.rateScale) * Math.LN2) * coef + ph.circuitPower,
          d1: (u: number) => (Math.LN2 / ph.rateScale) * pow(2, u / ph.rateScale) * coef,
          d2: (u: number) => (Math.LN2 / ph.rateScale) ** 2 * pow(2, u / ph.rateScale) * coef,
        };
        rows.push(perspectiveRow(v(i, LA), v(i, TA), phi, 1, [...local, ...harvestTerms], battery, name('energyBudget')));
        rows.push(perspectiveRow(v(i, LA), v(i, TA), phi, 1, local, ph.batteryMax, name('energyCap')));
        const cap = ph.rateScale * log2(1 + (ph.maxUserTxPower * g) / ph.noisePower);
        rows.push(linearRow([[v(i, LA), 1], [v(i, TA), -cap]], 0, name('powerCap')));
      } else {
        rows.push(linearRow([...local, ...harvestTerms], battery, name('energyBudget')));
        rows.push(linearRow(local, ph.batteryMax, name('energyCap')));
      }
    }
    for (let k = 0; k < VARS_PER_USER; k++) rows.push(lowerBound(v(i, k), 0, name(['ta', 'tb', 'la', 'lb', 'lc', 's'][k]! + '>=0')));
  }
  return { problem: { numVars: nv, linear, constraints: rows, fixed }, x0, startBudget };
}

/**
 * Solve problem (10) for the AP's beams and return the users' estimated actions, the expected
 * outages and y* (spec 03 §4.2). Throws (lib/opt) if a centering does not converge.
 */
export function solveProblem10(input: Problem10Input, c: BackscatterConfig, options: BarrierOptions = {}): Problem10Result {
  const n = input.channels.length;
  const { problem, x0 } = buildProblem10(input, c);
  const solver = solveBarrier(problem, x0, options);
  const x = solver.x;
  const at = (i: number, k: number): number => Math.max(0, x[VARS_PER_USER * i + k] as number);
  const estimates: UserDecision[] = [];
  const slack = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    estimates.push({ ta: at(i, TA), tb: Math.min(at(i, TB), c.slotDuration - at(i, TA)), la: at(i, LA), lb: at(i, LB), lc: at(i, LC) });
    slack[i] = at(i, SL);
  }
  const rawActions = estimates.map((d) => encodeUserAction(d, c.slotDuration));
  const executed = rawActions.map((u, i) => decodeUserAction(u, input.workloads[i] as number, c.slotDuration, c.scheme));
  const frame = { channels: input.channels, beams: input.beams, workloads: input.workloads, batteries: input.batteries };
  const outcome = evaluateFrame({ ...frame, decisions: executed }, c);
  const raw = evaluateFrame({ ...frame, decisions: estimates }, c);
  return {
    estimates,
    slack,
    expectedOutage: Array.from(slack, (s) => s > EXPECTED_OUTAGE_SLACK),
    rawActions,
    executed,
    outcome,
    yStar: outcome.apReward,
    yStarRaw: raw.apReward,
    solver,
    problem,
  };
}
