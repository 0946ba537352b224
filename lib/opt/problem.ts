// The shape of a problem for the barrier solver (barrier.ts): minimise a convex objective subject
// to convex inequality rows `f_i(x) <= 0`, over a dense vector x ∈ R^n, some entries of which may
// be fixed. Every smooth function touches only the variables it lists (`vars`), and evaluates
// its value, gradient and Hessian on the full vector x (fixed entries hold their fixed values).
//
// A function returns `+∞` (or NaN) outside its domain, e.g. `t·2^{ℓ/t}` for `t <= 0`; the
// solver's line search treats such a point like an infeasible one and backtracks.

/**
 * A twice-differentiable convex function of the listed variables.
 *
 * - `value(x)`: f(x), `+∞`/NaN outside the domain.
 * - `gradient(x, g)`: writes `∂f/∂x_{vars[k]}` into `g[k]` (g has length `vars.length`, zeroed).
 * - `hessian(x, h)`: adds nothing, writes `∂²f/∂x_{vars[a]}∂x_{vars[b]}` into `h[a·k + b]`
 *   (h has length `k²`, k = `vars.length`, zeroed); omit it for an affine function.
 */
export interface SmoothFunction {
  /** Indices of the variables the function depends on (distinct, each in [0, n)). */
  readonly vars: readonly number[];
  value(x: Float64Array): number;
  gradient(x: Float64Array, g: Float64Array): void;
  hessian?(x: Float64Array, h: Float64Array): void;
  /** Optional name for error messages and diagnostics, e.g. `energy[2]`. */
  readonly name?: string;
}

/** A convex problem `min c·x + Σ objective terms  s.t.  rows f_i(x) <= 0`. */
export interface ConvexProblem {
  /** Number of variables n (integer >= 1). */
  readonly numVars: number;
  /** Linear part of the objective, length n. */
  readonly linear: ArrayLike<number>;
  /** Further convex objective terms (default none). */
  readonly objective?: readonly SmoothFunction[];
  /** Inequality rows `f_i(x) <= 0`, each convex. */
  readonly constraints: readonly SmoothFunction[];
  /**
   * Fixed variables: `fixed[j]` a number fixes x_j to it (removed from the barrier and from the
   * Newton system); `null`/`undefined` leaves x_j free. Default: all free.
   */
  readonly fixed?: ReadonlyArray<number | null | undefined>;
}

/**
 * The affine row `Σ_k coef_k·x_{var_k} − rhs <= 0`, i.e. `a·x <= rhs`.
 *
 * @param terms - pairs `[variable index, coefficient]` (distinct indices).
 * @param rhs - right-hand side.
 * @param name - optional name.
 */
export function linearRow(terms: ReadonlyArray<readonly [number, number]>, rhs: number, name?: string): SmoothFunction {
  const vars = terms.map((t) => t[0]);
  const coefs = Float64Array.from(terms.map((t) => t[1]));
  const row: SmoothFunction = {
    vars,
    value(x) {
      let s = -rhs;
      for (let k = 0; k < vars.length; k++) s += (coefs[k] as number) * (x[vars[k] as number] as number);
      return s;
    },
    gradient(_x, g) {
      g.set(coefs);
    },
    ...(name === undefined ? {} : { name }),
  };
  return row;
}

/** `x_j >= lo` as the row `lo − x_j <= 0`. */
export function lowerBound(j: number, lo: number, name?: string): SmoothFunction {
  return linearRow([[j, -1]], -lo, name);
}

/** `x_j <= hi` as the row `x_j − hi <= 0`. */
export function upperBound(j: number, hi: number, name?: string): SmoothFunction {
  return linearRow([[j, 1]], hi, name);
}

/** A scalar convex function φ with its first two derivatives, for {@link perspectiveRow}. */
export interface ScalarConvex {
  value(u: number): number;
  d1(u: number): number;
  d2(u: number): number;
}

/**
 * The perspective `scale·t·φ(x/t)` of a convex φ (jointly convex in (x, t) for t > 0; `+∞` for
 * t <= 0 or a non-finite value), plus an optional affine part `Σ coef·x_var − rhs`: the row
 * `scale·t·φ(x/t) + a·y − rhs <= 0`. Example: the active-energy row of spec 03 §4.2,
 * `t_a·(σ²/‖h‖²)(2^{ℓ_a/(c_r t_a)} − 1) + … <= …`.
 *
 * Derivatives (u = x/t): ∂/∂x = φ'(u), ∂/∂t = φ(u) − u·φ'(u); Hessian φ''(u)/t·[[1, −u], [−u, u²]].
 *
 * @param xVar - index of x; @param tVar - index of t (distinct from xVar).
 * @param phi - φ with derivatives; @param scale - factor >= 0 in front of the perspective.
 * @param affine - extra affine terms `[index, coef]` (indices distinct from xVar, tVar and each other).
 * @param rhs - right-hand side.
 */
export function perspectiveRow(
  xVar: number,
  tVar: number,
  phi: ScalarConvex,
  scale: number,
  affine: ReadonlyArray<readonly [number, number]> = [],
  rhs = 0,
  name?: string,
): SmoothFunction {
  const vars = [xVar, tVar, ...affine.map((a) => a[0])];
  const coefs = affine.map((a) => a[1]);
  return {
    vars,
    value(x) {
      const t = x[tVar] as number;
      if (!(t > 0)) return Infinity;
      const p = scale * t * phi.value((x[xVar] as number) / t);
      if (!Number.isFinite(p)) return Infinity;
      let s = p - rhs;
      for (let k = 0; k < coefs.length; k++) s += (coefs[k] as number) * (x[vars[k + 2] as number] as number);
      return s;
    },
    gradient(x, g) {
      const t = x[tVar] as number;
      const u = (x[xVar] as number) / t;
      const d1 = phi.d1(u);
      g[0] = scale * d1;
      g[1] = scale * (phi.value(u) - u * d1);
      for (let k = 0; k < coefs.length; k++) g[k + 2] = coefs[k] as number;
    },
    hessian(x, h) {
      const k = vars.length;
      const t = x[tVar] as number;
      const u = (x[xVar] as number) / t;
      const c = (scale * phi.d2(u)) / t;
      h[0] = c;
      h[1] = -c * u;
      h[k] = -c * u;
      h[k + 1] = c * u * u;
    },
    ...(name === undefined ? {} : { name }),
  };
}
