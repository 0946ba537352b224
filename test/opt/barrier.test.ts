// lib/opt's barrier solver against problems with closed-form optima (spec 03 §4.2, resolution 5):
// objective within the duality-gap bound |f − f*| <= 1e−8·m, variables to 1e−4 (the optima are
// unique), small KKT residuals; fixed variables and variable-free rows; domain rejection; errors.

import { describe, expect, it } from 'vitest';
import {
  kktResiduals,
  linearRow,
  lowerBound,
  perspectiveRow,
  solveBarrier,
  upperBound,
  type ConvexProblem,
  type SmoothFunction,
} from '../../lib/opt/index.js';

/** ½‖x − a‖² over all n variables. */
function halfSquaredDistance(a: readonly number[]): SmoothFunction {
  return {
    vars: a.map((_, j) => j),
    value: (x) => a.reduce((s, aj, j) => s + 0.5 * ((x[j] as number) - aj) ** 2, 0),
    gradient: (x, g) => a.forEach((aj, j) => { g[j] = (x[j] as number) - aj; }),
    hessian: (_x, h) => a.forEach((_, j) => { h[j * a.length + j] = 1; }),
  };
}

/** Σ x_j log x_j (+∞ for x_j <= 0). */
function negEntropy(n: number): SmoothFunction {
  const vars = Array.from({ length: n }, (_, j) => j);
  return {
    vars,
    value: (x) => vars.reduce((s, j) => (s === Infinity || !((x[j] as number) > 0) ? Infinity : s + (x[j] as number) * Math.log(x[j] as number)), 0),
    gradient: (x, g) => vars.forEach((j) => { g[j] = Math.log(x[j] as number) + 1; }),
    hessian: (x, h) => vars.forEach((j) => { h[j * n + j] = 1 / (x[j] as number); }),
  };
}

// Capped-simplex projection: min ½‖x − a‖² s.t. x >= 0, Σx <= b, a = [3, 1, −1, 2], b = 4.
// Σ max(a, 0) = 6 > 4 ⇒ x = max(a − θ, 0) with Σ = 4. With the three positive entries active,
// θ = (3 + 2 + 1 − 4)/3 = 2/3 (all of 3, 2, 1 exceed it) ⇒ x* = [7/3, 1/3, 0, 4/3];
// f* = ½((2/3)²·3 + (0 − (−1))²) = ½(4/3 + 1) = 7/6. m = 4 bounds + 1 sum row = 5.
const A = [3, 1, -1, 2];
const QP: ConvexProblem = {
  numVars: 4,
  linear: [0, 0, 0, 0],
  objective: [halfSquaredDistance(A)],
  constraints: [
    linearRow([[0, 1], [1, 1], [2, 1], [3, 1]], 4, 'sum'),
    lowerBound(0, 0), lowerBound(1, 0), lowerBound(2, 0), lowerBound(3, 0),
  ],
};
const QP_X = [7 / 3, 1 / 3, 0, 4 / 3];
const QP_F = 7 / 6;

describe('solveBarrier: a QP with a closed form (capped-simplex projection)', () => {
  const r = solveBarrier(QP, [0.5, 0.5, 0.5, 0.5]);

  it('reaches the optimum within the duality-gap bound and the variables to 1e-4', () => {
    expect(r.numBarrierTerms).toBe(5);
    expect(r.gap).toBeCloseTo(5e-8, 20);
    expect(Math.abs(r.objective - QP_F)).toBeLessThanOrEqual(1e-8 * 5);
    expect(r.objective).toBeGreaterThanOrEqual(QP_F - 1e-12); // primal feasible ⇒ f >= f*
    r.x.forEach((v, j) => expect(Math.abs(v - (QP_X[j] as number))).toBeLessThan(1e-4));
  });

  it('has small KKT residuals and the right duals (θ = 2/3 on the sum row, 5/3 on x_2 >= 0)', () => {
    const k = kktResiduals(QP, r.x, r.duals);
    expect(k.stationarity).toBeLessThan(1e-6);
    expect(k.primal).toBeLessThanOrEqual(0);
    expect(k.complementarity).toBeLessThanOrEqual(1.01e-8);
    expect(k.minDual).toBeGreaterThan(0);
    expect(r.duals[0]).toBeCloseTo(2 / 3, 5);
    expect(r.duals[3]).toBeCloseTo(5 / 3, 5);
  });

  it('is deterministic and finishes in a modest number of Newton steps', () => {
    const again = solveBarrier(QP, [0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(again.x)).toEqual(Array.from(r.x));
    expect(r.newtonSteps).toBeLessThan(200);
    expect(r.roundoffStops).toBe(0); // a well-scaled problem reaches λ²/2 <= 1e−10 in every centering
    expect(r.outerIterations).toBeGreaterThan(1);
  });
});

describe('solveBarrier: an entropy-like problem with a closed form (softmax)', () => {
  // min Σ x log x − a·x s.t. Σx <= 1, a = [1, 2, 3]: unconstrained optimum x = e^{a−1} sums to
  // 1 + e + e² > 1, so the row is active: x* = softmax(a) = e^a/Z, Z = e + e² + e³ ≈ 30.1929,
  // f* = Σ x(a − log Z) − a·x = −log Z ≈ −3.40761. m = 1 (x > 0 is the objective's domain).
  const a = [1, 2, 3];
  const Z = Math.exp(1) + Math.exp(2) + Math.exp(3);
  const problem: ConvexProblem = {
    numVars: 3,
    linear: a.map((v) => -v),
    objective: [negEntropy(3)],
    constraints: [linearRow([[0, 1], [1, 1], [2, 1]], 1)],
  };
  const r = solveBarrier(problem, [0.1, 0.1, 0.1]);

  it('matches softmax and −log Z', () => {
    expect(-Math.log(Z)).toBeCloseTo(-3.40761, 5);
    expect(Math.abs(r.objective - -Math.log(Z))).toBeLessThanOrEqual(1e-8);
    a.forEach((aj, j) => expect(Math.abs((r.x[j] as number) - Math.exp(aj) / Z)).toBeLessThan(1e-4));
    // dual of Σx <= 1: ∂/∂x_j (x log x − a x) = log x_j + 1 − a_j = −log Z + 1 − 0 ⇒ ν = log Z − 1
    expect(r.duals[0]).toBeCloseTo(Math.log(Z) - 1, 5);
    const k = kktResiduals(problem, r.x, r.duals);
    expect(k.stationarity).toBeLessThan(1e-6);
  });
});

describe('solveBarrier: a perspective row (domain t > 0, rejected outside)', () => {
  // min −x s.t. t·(2^{x/t} − 1) <= 1, t <= 1. For fixed t the largest x is t·log2(1 + 1/t),
  // increasing in t ⇒ t* = 1, x* = log2(2) = 1, f* = −1. m = 2.
  const exp2 = { value: (u: number) => 2 ** u - 1, d1: (u: number) => Math.LN2 * 2 ** u, d2: (u: number) => Math.LN2 ** 2 * 2 ** u };
  const problem: ConvexProblem = {
    numVars: 2,
    linear: [-1, 0],
    constraints: [perspectiveRow(0, 1, exp2, 1, [], 1, 'rate'), upperBound(1, 1)],
  };

  it('finds x = 1, t = 1', () => {
    const r = solveBarrier(problem, [0.1, 0.5]);
    expect(Math.abs(r.objective - -1)).toBeLessThanOrEqual(2e-8);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(kktResiduals(problem, r.x, r.duals).stationarity).toBeLessThan(1e-6);
  });

  it('the perspective row has the documented derivatives (finite differences)', () => {
    const row = perspectiveRow(0, 1, exp2, 0.7, [[2, 3]], 0.2);
    const x = new Float64Array([0.8, 0.6, 0.3]);
    const g = new Float64Array(3);
    row.gradient(x, g);
    const h = new Float64Array(9);
    row.hessian!(x, h);
    const eps = 1e-6;
    for (let j = 0; j < 3; j++) {
      const xp = Float64Array.from(x); xp[j] = (xp[j] as number) + eps;
      const xm = Float64Array.from(x); xm[j] = (xm[j] as number) - eps;
      expect((row.value(xp) - row.value(xm)) / (2 * eps)).toBeCloseTo(g[j] as number, 7);
      const gp = new Float64Array(3); row.gradient(xp, gp);
      const gm = new Float64Array(3); row.gradient(xm, gm);
      for (let i = 0; i < 3; i++) expect(((gp[i] as number) - (gm[i] as number)) / (2 * eps)).toBeCloseTo(h[i * 3 + j] as number, 6);
    }
    expect(row.value(new Float64Array([0.8, 0, 0.3]))).toBe(Infinity);
    expect(row.value(new Float64Array([0.8, -1, 0.3]))).toBe(Infinity);
  });
});

describe('solveBarrier: fixed variables and rows without a free variable', () => {
  it('removes x_2 = 0 and its rows, reaching the same optimum with m = 4', () => {
    const problem: ConvexProblem = {
      ...QP,
      constraints: [...QP.constraints, upperBound(2, 1, 'only-fixed')],
      fixed: [null, null, 0, null],
    };
    const r = solveBarrier(problem, [0.5, 0.5, 123, 0.5]);
    expect(r.numFreeVars).toBe(3);
    expect(r.numBarrierTerms).toBe(4); // sum row + 3 bounds; x_2 >= 0 and x_2 <= 1 removed
    expect(r.x[2]).toBe(0);
    expect(r.duals[3]).toBe(0);
    expect(Math.abs(r.objective - QP_F)).toBeLessThanOrEqual(1e-8 * 4);
    r.x.forEach((v, j) => expect(Math.abs(v - (QP_X[j] as number))).toBeLessThan(1e-4));
  });

  it('throws when a removed row fails at the fixed values', () => {
    const problem: ConvexProblem = { ...QP, fixed: [null, null, -1, null] };
    expect(() => solveBarrier(problem, [0.5, 0.5, 0.5, 0.5])).toThrow(/constraints\[3\] at the fixed values must be <= 1e-12/);
  });
});

describe('solveBarrier: errors are explicit, never silent answers', () => {
  it('rejects a start that is not strictly feasible, naming the row', () => {
    expect(() => solveBarrier(QP, [0, 0.5, 0.5, 0.5])).toThrow(/constraints\[1\] at x0 must be strictly negative/);
    expect(() => solveBarrier(QP, [2, 2, 2, 2])).toThrow(/constraints\[0\] \(sum\) at x0/);
  });

  it('throws when a centering does not converge within maxNewtonSteps', () => {
    expect(() => solveBarrier(QP, [0.5, 0.5, 0.5, 0.5], { maxNewtonSteps: 1 })).toThrow(/converged within maxNewtonSteps = 1/);
  });

  it('throws on an unbounded problem (singular Newton system or no convergence)', () => {
    const problem: ConvexProblem = { numVars: 2, linear: [-1, -1], constraints: [upperBound(0, 1)] };
    expect(() => solveBarrier(problem, [0, 0])).toThrow(/Newton system must be positive definite/);
  });

  it('validates the problem and options', () => {
    expect(() => solveBarrier({ ...QP, linear: [0, 0] }, [0, 0, 0, 0])).toThrow(/problem\.linear\.length must be numVars \(4\)/);
    expect(() => solveBarrier(QP, [0.5, 0.5])).toThrow(/x0\.length/);
    expect(() => solveBarrier(QP, [0.5, 0.5, 0.5, 0.5], { mu: 1 })).toThrow(/options\.mu must be a finite number > 1/);
    expect(() => solveBarrier({ ...QP, constraints: [linearRow([[7, 1]], 0)] }, [0.5, 0.5, 0.5, 0.5])).toThrow(/vars\[0\] must be an integer in \[0, 3\]/);
  });
});

// min x s.t. x >= 0 from x0 = 1: t0 = m/|f(x0)| = 1 and the centre of t·x − log x is x*(t) = 1/t,
// so the first centering starts at its centre (0 Newton steps) and the second (t = 10, x* = 0.1)
// needs several damped steps from x = 1 (the first full step lands at −8 and is halved four times).
describe('solveBarrier: a centering that does not converge', () => {
  const line: ConvexProblem = { numVars: 1, linear: [1], constraints: [lowerBound(0, 0)] };

  it('after the first: returns the previous centre with its own gap bound and says so', () => {
    const r = solveBarrier(line, [1], { maxNewtonSteps: 2 });
    expect(r.stalledStops).toBe(1);
    expect(r.t).toBe(1);
    expect(r.x[0]).toBe(1); // x*(1) = 1
    expect(r.gap).toBe(1); // m/t = 1/1: the certified bound, looser than gapTol·m
    expect(r.objective - 0).toBeLessThanOrEqual(r.gap);
  });

  it('converged solves report no stall', () => {
    const r = solveBarrier(line, [1]);
    expect(r.stalledStops).toBe(0);
    expect(r.x[0]).toBeLessThanOrEqual(1e-8);
  });

  it('in the first centering: throws', () => {
    expect(() => solveBarrier(line, [5], { t0: 1, maxNewtonSteps: 1 })).toThrow(/centering 1 .*maxNewtonSteps = 1/);
  });
});
