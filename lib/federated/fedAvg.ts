// Federated averaging of parameter vectors, modules and state dicts.
//
//   Weighted FedAvg (paper 1, Huang et al. 2021, eq. 26):   θ = Σ_m (W_m / Σ_m' W_m') · θ_m
//     with W_m the batch (or sample) count of client m; equal W ⇒ plain mean.
//   Subset mean (paper 5, Chen et al. 2024, eq. 25):        θ_f = (1/V) · Σ_{i∈Z} θ_i
//     = `averageSubset(vectors, Z)`.
//
// How it is computed (deterministic, FedProx's `aggregate` in Float64): with p_m = W_m / ΣW and
// b the first client with p_b > 0, every element is
//     θ[i] = θ_b[i] + Σ_m p_m · (θ_m[i] − θ_b[i])     (m ascending, clients with p_m = 0 skipped)
// which equals eq. 26 algebraically (Σ p_m = 1), accumulates in a fixed order (bit-identical on
// repeat), and returns identical inputs EXACTLY (every difference is 0), which a plain Σ p_m θ_m
// does not (six copies of 0.1 with p = 1/6 sum to 0.09999999999999999).
// Parameters are assumed finite; a non-finite value makes its element NaN or ±Infinity.

import {
  MODULE_STATE_FORMAT,
  decodeValues,
  encodeValues,
  type ModuleStateDict,
  type EncodedValue,
} from '../nn/index.js';
import { checkIndices, checkSameLayout, fail, normaliseWeights, valuesOf, type ParamsLike } from './validate.js';

function checkVectors(fn: string, vectors: readonly unknown[]): readonly Float64Array[] {
  if (!Array.isArray(vectors as unknown)) fail(fn, 'vectors', 'an array of Float64Arrays', vectors, true);
  if (vectors.length === 0) throw new RangeError(`${fn}: vectors is empty; need at least one parameter vector to average`);
  const n = (vectors[0] as { length?: unknown } | undefined)?.length;
  vectors.forEach((v, m) => {
    if (!(v instanceof Float64Array)) fail(fn, `vectors[${m}]`, 'a Float64Array', v, true);
    if (v.length !== n) throw new RangeError(`${fn}: vectors[${m}] has ${v.length} elements but vectors[0] has ${n as number}`);
  });
  return vectors as readonly Float64Array[];
}

/** The averaging loop over validated vectors and normalised weights (see the file header). */
function average(vectors: readonly Float64Array[], p: Float64Array, out: Float64Array): Float64Array {
  let b = 0;
  while (!(p[b]! > 0)) b++;
  const base = vectors[b]!;
  const M = vectors.length, n = base.length;
  // Element-outer loop: every element reads all inputs before `out[i]` is written, so `out` may
  // be one of the inputs.
  for (let i = 0; i < n; i++) {
    const x0 = base[i]!;
    let acc = x0;
    for (let m = 0; m < M; m++) {
      const pm = p[m]!;
      if (m !== b && pm !== 0) acc += pm * (vectors[m]![i]! - x0);
    }
    out[i] = acc;
  }
  return out;
}

/**
 * Weighted average of equal-length parameter vectors, eq. 26: `Σ_m (W_m/ΣW)·θ_m`.
 *
 * @param vectors - θ_1..θ_M, each a Float64Array of the same length (at least one).
 * @param weights - W_1..W_M (batch or sample counts; any non-negative finite numbers, normalised
 *   by their sum, at least one > 0). Omitted ⇒ uniform (plain mean). A zero weight excludes
 *   that client entirely.
 * @param out - optional destination of the same length (may be one of `vectors`); default a new array.
 * @returns `out` (or a new Float64Array) holding the average.
 * @throws naming the index for an empty list, a length mismatch (both lengths given), a negative,
 *   NaN or infinite weight, all-zero weights, or a weight count that differs from the vector count.
 */
export function fedAvg(vectors: readonly Float64Array[], weights?: readonly number[], out?: Float64Array): Float64Array {
  return averageWith('fedAvg', vectors, weights, out).average;
}

/** Result of {@link fedAvgWithWeights}. */
export interface FedAvgResult {
  /** The weighted average (eq. 26). */
  readonly average: Float64Array;
  /** The normalised weights p_m = W_m / ΣW it used (uniform 1/M when none were given); Σ p_m = 1 up to rounding. */
  readonly weights: Float64Array;
}

/**
 * {@link fedAvg}, also returning the normalised weights p_m it averaged with (what a report or a
 * test needs to check the aggregation). Same validation, same bits as `fedAvg`.
 */
export function fedAvgWithWeights(vectors: readonly Float64Array[], weights?: readonly number[], out?: Float64Array): FedAvgResult {
  return averageWith('fedAvgWithWeights', vectors, weights, out);
}

/** Validates and averages; `fn` names the public function in errors. */
function averageWith(fn: string, vectors: readonly Float64Array[], weights: readonly number[] | undefined, out: Float64Array | undefined): FedAvgResult {
  const vs = checkVectors(fn, vectors);
  const p = normaliseWeights(fn, weights, vs.length);
  const n = vs[0]!.length;
  if (out !== undefined) {
    if (!(out instanceof Float64Array)) fail(fn, 'out', 'a Float64Array (or omitted)', out, true);
    if (out.length !== n) throw new RangeError(`${fn}: out has ${out.length} elements but the vectors have ${n}`);
  }
  return { average: average(vs, p, out ?? new Float64Array(n)), weights: p };
}

/**
 * Plain mean over the chosen clients, paper 5 eq. 25: `θ_f = (1/V)·Σ_{i∈Z} θ_i` with V = |Z|.
 * Equal to `fedAvg(indices.map((i) => vectors[i]))`.
 * @param indices - Z: distinct indices into `vectors`, at least one.
 */
export function averageSubset(vectors: readonly Float64Array[], indices: readonly number[], out?: Float64Array): Float64Array {
  const fn = 'averageSubset';
  const vs = checkVectors(fn, vectors);
  const z = checkIndices(fn, 'indices', indices, vs.length);
  if (z.length === 0) throw new RangeError(`${fn}: indices is empty; choose at least one client`);
  return fedAvg(z.map((i) => vs[i]!), undefined, out);
}

/**
 * Weighted average of the parameters of several modules (or `{ data, grad }` pairs, or value
 * arrays) — eq. 26 over state, as one loop over each module's flat buffer. Modules must have the
 * same parameter names and shapes (checked), other inputs the same length.
 * @param weights - as in {@link fedAvg} (omitted ⇒ uniform).
 * @returns a new Float64Array in the modules' flat order; the modules are not changed.
 */
export function fedAvgModules(modules: readonly ParamsLike[], weights?: readonly number[], out?: Float64Array): Float64Array {
  const fn = 'fedAvgModules';
  if (!Array.isArray(modules as unknown)) fail(fn, 'modules', 'an array of Modules, { data, grad } pairs or Float64Arrays', modules, true);
  if (modules.length === 0) throw new RangeError(`${fn}: modules is empty; need at least one to average`);
  const vectors = modules.map((m, i) => {
    const v = valuesOf(fn, `modules[${i}]`, m);
    checkSameLayout(fn, `modules[${i}]`, m, 'modules[0]', modules[0]!);
    return v;
  });
  const n = vectors[0]!.length;
  vectors.forEach((v, i) => {
    if (v.length !== n) throw new RangeError(`${fn}: modules[${i}] has ${v.length} parameters but modules[0] has ${n}`);
  });
  return fedAvg(vectors, weights, out);
}

/**
 * Weighted average of JSON state dicts ({@link moduleStateDict} output, e.g. received from other
 * processes), key by key in the first dict's key order. Every dict must have the same keys and
 * shapes. Returns a new state dict loadable with `loadModuleStateDict`.
 */
export function fedAvgStateDicts(dicts: readonly ModuleStateDict[], weights?: readonly number[]): ModuleStateDict {
  const fn = 'fedAvgStateDicts';
  if (!Array.isArray(dicts as unknown)) fail(fn, 'dicts', 'an array of module state dicts', dicts, true);
  if (dicts.length === 0) throw new RangeError(`${fn}: dicts is empty; need at least one state dict to average`);
  dicts.forEach((d, m) => {
    if (typeof d !== 'object' || d === null || d.format !== MODULE_STATE_FORMAT || typeof d.params !== 'object' || d.params === null) {
      fail(fn, `dicts[${m}]`, `a module state dict { format: '${MODULE_STATE_FORMAT}', version, params }`, d, true);
    }
  });
  const p = normaliseWeights(fn, weights, dicts.length);
  const first = dicts[0]!;
  const keys = Object.keys(first.params);
  const params: Record<string, { shape: number[]; values: EncodedValue[] }> = {};
  for (let m = 1; m < dicts.length; m++) {
    const ks = Object.keys(dicts[m]!.params);
    for (const k of ks) if (!keys.includes(k)) throw new RangeError(`${fn}: dicts[${m}] has key '${k}' that dicts[0] lacks`);
    for (const k of keys) if (!ks.includes(k)) throw new RangeError(`${fn}: dicts[${m}] lacks key '${k}' of dicts[0]`);
  }
  for (const key of keys) {
    const shape = first.params[key]!.shape;
    const size = shape.reduce((a, d) => a * d, 1);
    const vectors = dicts.map((d, m) => {
      const e = d.params[key]!;
      if (e.shape.length !== shape.length || e.shape.some((x, k) => x !== shape[k])) {
        throw new RangeError(`${fn}: key '${key}' has shape [${e.shape.join(', ')}] in dicts[${m}] but [${shape.join(', ')}] in dicts[0]`);
      }
      return decodeValues(fn, `dicts[${m}] key '${key}'`, e.values, size);
    });
    params[key] = { shape: [...shape], values: encodeValues(average(vectors, p, new Float64Array(size))) };
  }
  return { format: MODULE_STATE_FORMAT, version: 1, params };
}
