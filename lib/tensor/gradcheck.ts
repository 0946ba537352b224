// Finite-difference gradient checker. Compares autograd's gradient of a scalar function of some
// tensors with central differences (f(x+h) − f(x−h)) / 2h in float64, one element at a time.
// For a non-scalar output pass `upstream` (or let it project the output on fixed weights).
//
// Error metric per element: |analytic − numeric| / max(1, |analytic|, |numeric|) — absolute for
// small gradients, relative for large ones.

import { noGrad, Tensor } from './tensor.js';

export interface GradCheckOptions {
  /** Step h of the central difference (default 1e-6). */
  readonly eps?: number;
  /** Largest accepted error (default 1e-6). */
  readonly tolerance?: number;
  /** Only check these inputs (indices into `inputs`); default all with requiresGrad. */
  readonly check?: readonly number[];
}

export interface GradCheckResult {
  readonly ok: boolean;
  readonly maxError: number;
  /** Where the largest error occurred. */
  readonly worst: { readonly input: number; readonly index: number; readonly analytic: number; readonly numeric: number } | null;
  /** Human-readable one-line summary. */
  readonly message: string;
}

/** Reduces f's output to a scalar: Σ out ⊙ w with fixed weights w = 1 + 0.1·((i·7) mod 11) (distinct, deterministic). */
function project(out: Tensor): number {
  let s = 0;
  for (let i = 0; i < out.size; i++) s += out.data[i]! * (1 + 0.1 * ((i * 7) % 11));
  return s;
}

function upstreamFor(out: Tensor): Float64Array {
  const w = new Float64Array(out.size);
  for (let i = 0; i < out.size; i++) w[i] = 1 + 0.1 * ((i * 7) % 11);
  return w;
}

export function gradCheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradCheckOptions = {}): GradCheckResult {
  const eps = opts.eps ?? 1e-6, tol = opts.tolerance ?? 1e-6;
  const which = opts.check ?? inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  for (const t of inputs) t.grad = null;
  const out = f(...inputs);
  if (!out.requiresGrad) throw new Error('gradCheck: the function output does not require grad; mark the inputs with requiresGrad');
  out.backward(out.size === 1 ? undefined : upstreamFor(out));
  let maxError = 0;
  let worst: GradCheckResult['worst'] = null;
  noGrad(() => {
    for (const ii of which) {
      const t = inputs[ii]!;
      const analytic = t.grad ?? new Float64Array(t.size);
      for (let k = 0; k < t.size; k++) {
        const orig = t.data[k]!;
        t.data[k] = orig + eps;
        const fp = project(f(...inputs));
        t.data[k] = orig - eps;
        const fm = project(f(...inputs));
        t.data[k] = orig;
        const numeric = (fp - fm) / (2 * eps);
        const a = analytic[k]!;
        const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
        // `worst === null`: record the first element even when every error is exactly 0.
        if (worst === null || !(err <= maxError)) {
          maxError = Number.isNaN(err) ? Infinity : err;
          worst = { input: ii, index: k, analytic: a, numeric };
        }
      }
    }
  });
  const ok = maxError <= tol;
  const w = worst as GradCheckResult['worst'];
  const message = w === null
    ? `gradCheck: ok (no elements checked)`
    : `gradCheck: ${ok ? 'ok' : 'FAILED'} max error ${maxError.toExponential(3)} (tolerance ${tol}) at input ${w.input} element ${w.index}: analytic ${w.analytic}, numeric ${w.numeric}`;
  return { ok, maxError, worst: w, message };
}

/** Like gradCheck, but throws with the details when the check fails. */
export function assertGradCheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradCheckOptions = {}): GradCheckResult {
  const r = gradCheck(f, inputs, opts);
  if (!r.ok) throw new Error(r.message);
  return r;
}
