// A small dense log-barrier interior-point solver for convex problems (spec 03 §4.2 and its
// resolution 5), written to be read top to bottom:
//
//   minimise  f(x) = c·x + Σ_k g_k(x)      subject to  f_i(x) <= 0,  i = 1..m,
//
// with every g_k and f_i convex and twice differentiable on its domain. The barrier method
// (Boyd & Vandenberghe, Convex Optimization, §11.3) replaces the rows by the log barrier
//
//   φ(x) = −Σ_i log(−f_i(x))
//
// and minimises `t·f(x) + φ(x)` ("centering") for t = t0, 10·t0, 100·t0, …. The minimiser x*(t)
// is primal feasible, and `λ_i = 1/(−t·f_i(x*(t)))` is dual feasible with duality gap exactly m/t,
// so `f(x*(t)) − p* <= m/t`. We stop once m/t <= gapTol·m (gapTol = 1e−8 by default). [R] The
// last step of t is clamped to exactly 1/gapTol (and t0 to at most 1/gapTol) instead of
// overshooting by up to 10×: the gap bound then holds with equality, and the extra factor would
// only push problem (10)'s Newton decrement further into float64 round-off (see below).
//
// Each centering runs damped Newton steps: the Newton direction `Δx = −H⁻¹∇` of the barrier
// function (dense Cholesky), stop when the Newton decrement satisfies `λ²/2 <= 1e−10`, else a
// backtracking line search (α = 0.01, β = 0.5) that first shrinks the step until every row is
// strictly negative and every function finite (points outside a domain are rejected), then until
// the Armijo condition holds. At most 500 Newton steps per centering. If the FIRST centering does
// not converge in them, the solver throws. If a later one does not (its Newton decrement stuck
// above the round-off floor below, which happens at t ≈ 1e8 on a few instances of problem (10)), or
// its Newton system turns singular to working precision (seen at t = 1e8 on problem (10) with an
// empty battery), the solver returns the previous centering's point x*(t/μ) with its own, larger,
// certified gap bound m·μ/t and says so (`stalledStops` = 1) — never a silent, unconverged answer.
// A singular system in the first centering throws.
//
// Fixed variables are substituted and removed from the Newton system; every row left without a
// free variable is removed from the barrier (it must hold at the fixed values, else the problem is
// infeasible and we throw). The caller supplies a strictly feasible start x0 (the solver checks it).
//
// Round-off: at large t the barrier function's value is ~t·f, so its rounding error (~1e−16·t·|f|)
// can exceed the Armijo decrease `α·s·λ²` of a tiny, correct Newton step. The Armijo test therefore
// allows a slack of 64 ulp of |F(x)| (`armijoSlackUlps`); steps still have to stay strictly feasible.
// And λ²/2 <= 1e−10 can lie below the round-off floor of the Newton decrement itself: a row with a
// large dual λ_i sits at f_i = 1/(t·λ_i), and f_i is computed from terms of size S_i with error
// ≈ ε·S_i, so λ² carries noise ≈ (ε·S_i·t·λ_i)². In spec 03's problem (10) (energy rows in J with
// S ≈ 1e−3, λ ≈ ρ/φ_c = 1e8, t = 1e8) that is ≈ 1e−9. A centering that takes three Newton steps in
// a row with λ²/2 <= 1e−6 (`roundoffNewtonTol`; one Newton step from there would reach ≈ 1e−12 in
// exact arithmetic) without reaching 1e−10 has reached that floor and ends; the
// result counts such ends (`roundoffStops`). Its effect on f is ≈ λ²/(2t) <= 1e−6/t, far inside the
// duality-gap bound m/t.

import { fail } from '../random/validate.js';
import type { ConvexProblem, SmoothFunction } from './problem.js';
import { log, pow } from '../math/index.js';

/** Options of {@link solveBarrier}; defaults are spec 03's resolution 5. */
export interface BarrierOptions {
  /** Stop when the duality gap m/t <= gapTol·m. In (0, 1); default 1e−8. */
  readonly gapTol?: number;
  /** Barrier growth factor per outer iteration. > 1; default 10. */
  readonly mu?: number;
  /** Initial barrier weight; default m/|f(x0)| (m if f(x0) = 0). > 0. */
  readonly t0?: number;
  /** Newton stop: λ²/2 <= newtonTol. > 0; default 1e−10. */
  readonly newtonTol?: number;
  /** Newton steps per centering before the solver throws. Integer >= 1; default 500. */
  readonly maxNewtonSteps?: number;
  /** Armijo fraction α in (0, 0.5); default 0.01. */
  readonly alpha?: number;
  /** Backtracking factor β in (0, 1); default 0.5. */
  readonly beta?: number;
  /**
   * Round-off floor of a centering: the third Newton step in a row taken with λ²/2 <=
   * roundoffNewtonTol (where one exact Newton step would reach ≈ 1e−12) ends the centering. >= 0 (0 disables); default 1e−6. Ending there changes f by at
   * most ≈ 1e−6/t.
   */
  readonly roundoffNewtonTol?: number;
  /** Round-off slack of the Armijo test, in ulps of |F(x)|. >= 0; default 64. */
  readonly armijoSlackUlps?: number;
  /** Tolerance of a removed row at the fixed values: f_i <= rowTol. >= 0; default 1e−12. */
  readonly removedRowTol?: number;
  /** Diagnostics: called after every Newton step with the centering, t, λ² before the step and the step length. */
  readonly onNewtonStep?: (info: { readonly outer: number; readonly t: number; readonly lambda2: number; readonly stepLength: number }) => void;
}

/** The answer of {@link solveBarrier}. */
export interface BarrierResult {
  /** The primal solution, length n (fixed entries hold their fixed values). */
  readonly x: Float64Array;
  /** f(x). */
  readonly objective: number;
  /** Duality-gap bound m/t: `objective − p* <= gap`. */
  readonly gap: number;
  /** Dual estimates λ_i = 1/(−t·f_i(x)) per input row; 0 for removed rows. */
  readonly duals: Float64Array;
  /** Row values f_i(x), per input row. */
  readonly rowValues: Float64Array;
  /** m, the number of barrier terms (rows kept). */
  readonly numBarrierTerms: number;
  /** Number of free variables (size of the Newton systems). */
  readonly numFreeVars: number;
  /** Outer iterations (centerings). */
  readonly outerIterations: number;
  /** Newton steps over all centerings. */
  readonly newtonSteps: number;
  /** Centerings ended at the round-off floor (see `roundoffNewtonTol`) rather than at λ²/2 <= newtonTol. */
  readonly roundoffStops: number;
  /**
   * 1 when a centering after the first hit `maxNewtonSteps` or met a Newton system singular to working
   * precision, and the answer is the previous centering's point (then `t` and `gap` are that centering's: the certified bound is looser than gapTol·m), else 0.
   */
  readonly stalledStops: number;
  /** Final barrier weight t. */
  readonly t: number;
}

/** KKT residuals of a solution (for tests and diagnostics). */
export interface KktResiduals {
  /** max_j |∂f/∂x_j + Σ_i λ_i ∂f_i/∂x_j| over free variables. */
  readonly stationarity: number;
  /**
   * max_j |r_j| / (|∂f/∂x_j| + Σ_i |λ_i ∂f_i/∂x_j|): the residual relative to the terms that cancel
   * in it (the meaningful measure when duals are large, e.g. λ ≈ 1e8 on problem (10)'s energy rows).
   */
  readonly relativeStationarity: number;
  /** max_j |∂f/∂x_j| (the scale to compare stationarity against). */
  readonly gradientScale: number;
  /** max_i max(f_i(x), 0) over all rows. */
  readonly primal: number;
  /** max_i |λ_i·f_i(x)| (= 1/t at an exact center). */
  readonly complementarity: number;
  /** min_i λ_i (>= 0 for a dual-feasible estimate). */
  readonly minDual: number;
}

const FN = 'solveBarrier';

/** Buffers of one smooth function restricted to the free variables. */
interface Term {
  readonly fn: SmoothFunction;
  /** Free index of each of fn.vars, −1 if fixed. */
  readonly free: Int32Array;
  readonly g: Float64Array;
  readonly h: Float64Array;
  /** Index in the input constraint list (rows only). */
  readonly row: number;
}

function checkFunction(owner: string, fn: SmoothFunction, n: number): void {
  if (typeof fn !== 'object' || fn === null || typeof fn.value !== 'function' || typeof fn.gradient !== 'function' || !Array.isArray(fn.vars)) {
    fail(FN, owner, 'a SmoothFunction { vars, value, gradient, hessian? }', fn, true);
  }
  const seen = new Set<number>();
  fn.vars.forEach((j, k) => {
    if (!Number.isInteger(j) || j < 0 || j >= n) fail(FN, `${owner}.vars[${k}]`, `an integer in [0, ${n - 1}]`, j);
    if (seen.has(j)) fail(FN, `${owner}.vars[${k}]`, 'distinct from the other vars', j);
    seen.add(j);
  });
}

function makeTerm(fn: SmoothFunction, freeIndex: Int32Array, row: number): Term {
  const k = fn.vars.length;
  const free = new Int32Array(k);
  for (let a = 0; a < k; a++) free[a] = freeIndex[fn.vars[a] as number] as number;
  return { fn, free, g: new Float64Array(k), h: new Float64Array(k * k), row };
}

function rowName(fn: SmoothFunction, i: number): string {
  return fn.name === undefined ? `constraints[${i}]` : `constraints[${i}] (${fn.name})`;
}

/**
 * In-place Cholesky `A = L·Lᵀ` of a dense symmetric n×n matrix (row-major, lower triangle used).
 * Returns false if a pivot is not positive and finite.
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solve `L·Lᵀ·x = b` in place in b, with L from {@link cholesky}. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
}

/**
 * Minimise a convex problem by the log-barrier method from a strictly feasible start.
 *
 * @param problem - objective, rows and fixed variables (see {@link ConvexProblem}).
 * @param x0 - start, length n; every kept row must be strictly negative at it (fixed entries are
 *   overwritten by their fixed values) and every function finite.
 * @param options - tolerances (defaults: spec 03 resolution 5).
 * @throws RangeError on a bad problem, a start that is not strictly feasible, a removed row that
 *   fails at the fixed values, a singular Newton system, or a centering that does not converge.
 */
export function solveBarrier(problem: ConvexProblem, x0: ArrayLike<number>, options: BarrierOptions = {}): BarrierResult {
  // ---- validate ----
  if (typeof problem !== 'object' || problem === null) fail(FN, 'problem', 'a ConvexProblem', problem, true);
  const n = problem.numVars;
  if (!Number.isInteger(n) || n < 1) fail(FN, 'problem.numVars', 'an integer >= 1', n);
  if (problem.linear === undefined || problem.linear.length !== n) fail(FN, 'problem.linear.length', `numVars (${n})`, problem.linear?.length);
  for (let j = 0; j < n; j++) if (!Number.isFinite(problem.linear[j])) fail(FN, `problem.linear[${j}]`, 'a finite number', problem.linear[j]);
  if (!Array.isArray(problem.constraints)) fail(FN, 'problem.constraints', 'an array of SmoothFunction', problem.constraints, true);
  const objectiveTerms = problem.objective ?? [];
  objectiveTerms.forEach((f, k) => checkFunction(`problem.objective[${k}]`, f, n));
  problem.constraints.forEach((f, i) => checkFunction(`problem.constraints[${i}]`, f, n));
  if (x0 === null || x0 === undefined || x0.length !== n) fail(FN, 'x0.length', `numVars (${n})`, x0?.length);
  const fixed = problem.fixed ?? [];
  if (fixed.length > n) fail(FN, 'problem.fixed.length', `<= numVars (${n})`, fixed.length);

  const gapTol = opt(options.gapTol, 1e-8, 'gapTol', (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const mu = opt(options.mu, 10, 'mu', (v) => v > 1 && Number.isFinite(v), 'a finite number > 1');
  const newtonTol = opt(options.newtonTol, 1e-10, 'newtonTol', (v) => v > 0 && Number.isFinite(v), 'a finite number > 0');
  const maxNewton = opt(options.maxNewtonSteps, 500, 'maxNewtonSteps', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  const alpha = opt(options.alpha, 0.01, 'alpha', (v) => v > 0 && v < 0.5, 'a number in (0, 0.5)');
  const beta = opt(options.beta, 0.5, 'beta', (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const roundoffTol = opt(options.roundoffNewtonTol, 1e-6, 'roundoffNewtonTol', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const slackUlps = opt(options.armijoSlackUlps, 64, 'armijoSlackUlps', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const removedRowTol = opt(options.removedRowTol, 1e-12, 'removedRowTol', (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');

  // ---- fixed variables out, rows without a free variable out ----
  const x = new Float64Array(n);
  const freeIndex = new Int32Array(n).fill(-1);
  const freeVars: number[] = [];
  for (let j = 0; j < n; j++) {
    const fj = fixed[j];
    if (fj === null || fj === undefined) {
      const v = x0[j] as number;
      if (!Number.isFinite(v)) fail(FN, `x0[${j}]`, 'a finite number', v);
      x[j] = v;
      freeIndex[j] = freeVars.length;
      freeVars.push(j);
    } else {
      if (typeof fj !== 'number' || !Number.isFinite(fj)) fail(FN, `problem.fixed[${j}]`, 'a finite number, null or undefined', fj);
      x[j] = fj;
    }
  }
  const nf = freeVars.length;
  const objTerms = objectiveTerms.map((f) => makeTerm(f, freeIndex, -1));
  const rows: Term[] = [];
  const rowValues = new Float64Array(problem.constraints.length);
  problem.constraints.forEach((f, i) => {
    const term = makeTerm(f, freeIndex, i);
    if (term.free.some((j) => j >= 0)) rows.push(term);
    else {
      const v = f.value(x);
      if (!(v <= removedRowTol)) fail(FN, `${rowName(f, i)} at the fixed values`, `<= ${removedRowTol} (it has no free variable and was removed)`, v);
      rowValues[i] = v;
    }
  });
  const m = rows.length;

  // ---- objective, barrier function and its derivatives on the free variables ----
  const objective = (): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += (problem.linear[j] as number) * (x[j] as number);
    for (const term of objTerms) s += term.fn.value(x);
    return s;
  };
  /** F(x) = t·f(x) − Σ log(−f_i(x)), +∞ outside the domain. */
  const barrierValue = (t: number): number => {
    const f = objective();
    if (!Number.isFinite(f)) return Infinity;
    let phi = 0;
    for (const r of rows) {
      const v = r.fn.value(x);
      if (!(v < 0)) return Infinity;
      phi -= log(-v);
    }
    return t * f + phi;
  };

  for (const r of rows) {
    const v = r.fn.value(x);
    if (!(v < 0)) fail(FN, `${rowName(r.fn, r.row)} at x0`, 'strictly negative (x0 must be strictly feasible)', v);
  }
  const f0 = objective();
  if (!Number.isFinite(f0)) fail(FN, 'objective at x0', 'finite (x0 must lie in the domain)', f0);
  const tMax = 1 / gapTol;
  let t = options.t0 ?? (m === 0 ? 1 : f0 !== 0 ? m / Math.abs(f0) : m);
  if (!(t > 0) || !Number.isFinite(t)) fail(FN, 'options.t0', 'a finite number > 0', t);
  if (m > 0) t = Math.min(t, tMax);

  const grad = new Float64Array(nf);
  const hess = new Float64Array(nf * nf);
  const dx = new Float64Array(nf);
  const xOld = new Float64Array(n);

  const addTerm = (term: Term, wGrad: number, wHess: number, wOuter: number): void => {
    const k = term.free.length;
    term.g.fill(0);
    term.fn.gradient(x, term.g);
    if (wHess !== 0 && term.fn.hessian !== undefined) {
      term.h.fill(0);
      term.fn.hessian(x, term.h);
    }
    for (let a = 0; a < k; a++) {
      const ia = term.free[a] as number;
      if (ia < 0) continue;
      const ga = term.g[a] as number;
      grad[ia] = (grad[ia] as number) + wGrad * ga;
      for (let b = 0; b < k; b++) {
        const ib = term.free[b] as number;
        if (ib < 0) continue;
        let v = wOuter * ga * (term.g[b] as number);
        if (wHess !== 0 && term.fn.hessian !== undefined) v += wHess * (term.h[a * k + b] as number);
        hess[ia * nf + ib] = (hess[ia * nf + ib] as number) + v;
      }
    }
  };

  /** Gradient and Hessian of F at x into grad/hess. */
  const derivatives = (tt: number): void => {
    grad.fill(0);
    hess.fill(0);
    for (let j = 0; j < n; j++) {
      const i = freeIndex[j] as number;
      if (i >= 0) grad[i] = tt * (problem.linear[j] as number);
    }
    for (const term of objTerms) addTerm(term, tt, tt, 0);
    for (const r of rows) {
      const v = r.fn.value(x);
      // ∇(−log(−f)) = ∇f/(−f);  ∇² = ∇f∇fᵀ/f² + ∇²f/(−f)
      addTerm(r, 1 / -v, 1 / -v, 1 / (v * v));
    }
  };

  const factor = new Float64Array(nf * nf);
  /** Solves H·Δx = −∇ into dx; false when H is singular to working precision (see the ridge rule). */
  const newtonDirection = (): boolean => {
    let maxDiag = 0;
    for (let i = 0; i < nf; i++) maxDiag = Math.max(maxDiag, Math.abs(hess[i * nf + i] as number));
    for (let attempt = 0; attempt < 6; attempt++) {
      factor.set(hess);
      const ridge = attempt === 0 ? 0 : maxDiag * 1e-14 * pow(100, attempt - 1);
      for (let i = 0; i < nf; i++) factor[i * nf + i] = (factor[i * nf + i] as number) + ridge;
      if (cholesky(factor, nf)) {
        for (let i = 0; i < nf; i++) dx[i] = -(grad[i] as number);
        choleskySolve(factor, nf, dx);
        if (attempt === 0) return true;
        // a ridge was needed: accept the direction only if it still solves H·Δx = −∇ closely
        let res = 0;
        let scale = 0;
        for (let i = 0; i < nf; i++) {
          let s = grad[i] as number;
          for (let j = 0; j < nf; j++) s += (hess[i * nf + j] as number) * (dx[j] as number);
          res = Math.max(res, Math.abs(s));
          scale = Math.max(scale, Math.abs(grad[i] as number));
        }
        if (res <= 1e-6 * scale) return true;
        break;
      }
    }
    return false;
  };

  const setX = (s: number): void => {
    for (let i = 0; i < nf; i++) {
      const j = freeVars[i] as number;
      x[j] = (xOld[j] as number) + s * (dx[i] as number);
    }
  };

  // ---- outer loop ----
  let outer = 0;
  let totalSteps = 0;
  let roundoffStops = 0;
  let stalledStops = 0;
  const xDone = new Float64Array(x.length); // the last completed centering's point x*(tDone)
  let tDone = t;
  outerLoop: for (;;) {
    outer++;
    // centering: minimise F = t·f + φ by damped Newton
    let steps = 0;
    let nearSteps = 0;
    for (;;) {
      derivatives(t);
      const solved = newtonDirection();
      if (!solved && outer > 1) {
        // late centering, Hessian singular to working precision (seen at t = tMax on problem (10)
        // with an empty battery): answer with the previous centre, as for a stalled centering
        x.set(xDone);
        t = tDone;
        stalledStops = 1;
        break outerLoop;
      }
      if (!solved) fail(FN, 'Newton system', 'positive definite (is the problem bounded and the Hessian finite?)', 'a singular matrix');
      let lambda2 = 0;
      for (let i = 0; i < nf; i++) lambda2 -= (grad[i] as number) * (dx[i] as number);
      if (!(lambda2 >= 0)) lambda2 = Math.abs(lambda2); // round-off at the optimum
      if (lambda2 / 2 <= newtonTol) break;
      if (steps >= maxNewton && outer > 1) {
        x.set(xDone);
        t = tDone;
        stalledStops = 1;
        break outerLoop;
      }
      if (steps >= maxNewton) {
        fail(FN, `centering ${outer} (t = ${t})`, `converged within maxNewtonSteps = ${maxNewton} Newton steps (λ²/2 <= ${newtonTol})`, `λ²/2 = ${lambda2 / 2}`);
      }
      xOld.set(x);
      const fCur = barrierValue(t);
      const slack = slackUlps * Number.EPSILON * Math.abs(fCur);
      let s = 1;
      let accepted = false;
      for (let bt = 0; bt < 200; bt++) {
        setX(s);
        const fNew = barrierValue(t);
        if (fNew <= fCur - alpha * s * lambda2 + slack) {
          accepted = true;
          break;
        }
        s *= beta;
      }
      if (!accepted) {
        x.set(xOld);
        fail(FN, `line search in centering ${outer} (t = ${t})`, 'able to decrease the barrier function', `λ²/2 = ${lambda2 / 2}`);
      }
      steps++;
      totalSteps++;
      options.onNewtonStep?.({ outer, t, lambda2, stepLength: s });
      // Round-off floor: inside Newton's quadratic region (λ²/2 <= 1e−6 ⇒ the next λ²/2 would be
      // ≈ 1e−12 in exact arithmetic) three steps in a row did not reach newtonTol ⇒ this centering
      // is as converged as float64 allows (counted in `roundoffStops`, never silent).
      if (lambda2 / 2 <= roundoffTol) {
        nearSteps++;
        if (nearSteps >= 3) {
          roundoffStops++;
          break;
        }
      } else nearSteps = 0;
    }
    // duality gap m/t <= gapTol·m  ⇔  t >= 1/gapTol; the last weight is clamped to exactly 1/gapTol
    if (m === 0 || t >= tMax) break;
    xDone.set(x);
    tDone = t;
    t = Math.min(t * mu, tMax);
  }

  // ---- answer ----
  const duals = new Float64Array(problem.constraints.length);
  for (const r of rows) {
    const v = r.fn.value(x);
    rowValues[r.row] = v;
    duals[r.row] = 1 / (-t * v);
  }
  return {
    x,
    objective: objective(),
    gap: m === 0 ? 0 : m / t,
    duals,
    rowValues,
    numBarrierTerms: m,
    numFreeVars: nf,
    outerIterations: outer,
    newtonSteps: totalSteps,
    roundoffStops,
    stalledStops,
    t,
  };
}

function opt(value: number | undefined, dflt: number, field: string, ok: (v: number) => boolean, range: string): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !ok(value)) fail(FN, `options.${field}`, range, value, typeof value !== 'number');
  return value;
}

/**
 * KKT residuals of a candidate solution with dual estimates (e.g. a {@link BarrierResult}):
 * stationarity over the free variables, primal feasibility, complementarity and dual sign.
 */
export function kktResiduals(problem: ConvexProblem, x: Float64Array, duals: ArrayLike<number>): KktResiduals {
  const n = problem.numVars;
  const fixed = problem.fixed ?? [];
  const g = new Float64Array(n);
  for (let j = 0; j < n; j++) g[j] = problem.linear[j] as number;
  const accumulate = (fn: SmoothFunction, w: number): void => {
    const buf = new Float64Array(fn.vars.length);
    fn.gradient(x, buf);
    fn.vars.forEach((j, k) => { g[j] = (g[j] as number) + w * (buf[k] as number); });
  };
  const mag = new Float64Array(n);
  const accumulateAbs = (fn: SmoothFunction, w: number): void => {
    const buf = new Float64Array(fn.vars.length);
    fn.gradient(x, buf);
    fn.vars.forEach((j, k) => { mag[j] = (mag[j] as number) + Math.abs(w * (buf[k] as number)); });
  };
  for (const f of problem.objective ?? []) accumulate(f, 1);
  let gradientScale = 0;
  for (let j = 0; j < n; j++) if (fixed[j] === null || fixed[j] === undefined) gradientScale = Math.max(gradientScale, Math.abs(g[j] as number));
  for (let j = 0; j < n; j++) mag[j] = Math.abs(g[j] as number);
  let primal = 0;
  let complementarity = 0;
  let minDual = Infinity;
  problem.constraints.forEach((f, i) => {
    const lam = duals[i] as number;
    const v = f.value(x);
    primal = Math.max(primal, v);
    complementarity = Math.max(complementarity, Math.abs(lam * v));
    minDual = Math.min(minDual, lam);
    if (lam !== 0) {
      accumulate(f, lam);
      accumulateAbs(f, lam);
    }
  });
  let stationarity = 0;
  let relativeStationarity = 0;
  for (let j = 0; j < n; j++) {
    if (fixed[j] !== null && fixed[j] !== undefined) continue;
    const r = Math.abs(g[j] as number);
    stationarity = Math.max(stationarity, r);
    if ((mag[j] as number) > 0) relativeStationarity = Math.max(relativeStationarity, r / (mag[j] as number));
  }
  return { stationarity, relativeStationarity, gradientScale, primal, complementarity, minDual: problem.constraints.length === 0 ? 0 : minDual };
}
