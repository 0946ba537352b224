// Versioned, JSON-safe checkpoints of module parameters and optimizer state.
//
// Values are stored as JSON numbers, which round-trip float64 exactly (JSON.stringify prints the
// shortest decimal that parses back to the same double). The values JSON cannot express are
// encoded as strings: 'NaN', 'Infinity', '-Infinity' (JSON.stringify would write null), and '-0'
// (JSON.stringify(-0) is "0"; kept so a round trip is bit-identical). NaN payload bits are not
// preserved (every NaN loads as the canonical NaN).
//
// Loading validates everything first and writes only if all checks pass, so a failed load leaves
// the module or optimizer unchanged. Values are copied INTO the existing flat buffers, so
// parameter tensors, optimizers and other views stay valid.

import { formatShape, shapeSize } from '../tensor/index.js';
import type { AnyModule } from './module.js';
import { resolveOptimizerConfig, type AdamConfig, type Optimizer, type OptimizerKind, type OptimizerState, type SgdConfig } from './optim.js';
import { describeValue, fail } from './validate.js';

/** A float64 as stored in a checkpoint. */
export type EncodedValue = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export const MODULE_STATE_FORMAT = 'mecrl.state-dict';
export const OPTIMIZER_STATE_FORMAT = 'mecrl.optimizer-state';
/** Versions this code reads (and the one it writes, the last). */
export const STATE_DICT_VERSIONS: readonly number[] = [1];

/** Module parameters by dotted name. */
export interface ModuleStateDict {
  readonly format: typeof MODULE_STATE_FORMAT;
  readonly version: 1;
  readonly params: Readonly<Record<string, { readonly shape: readonly number[]; readonly values: readonly EncodedValue[] }>>;
}

/** An optimizer's kind, hyperparameters, step count and moment arrays. */
export interface OptimizerStateDict {
  readonly format: typeof OPTIMIZER_STATE_FORMAT;
  readonly version: 1;
  readonly kind: OptimizerKind;
  readonly config: Readonly<Record<string, number | boolean>>;
  readonly t: number;
  readonly m: readonly EncodedValue[];
  readonly v: readonly EncodedValue[];
}

const SPECIALS = ['NaN', 'Infinity', '-Infinity', '-0'] as const;

/** Float64 values → JSON-safe values (see the file header). */
export function encodeValues(values: Float64Array): EncodedValue[] {
  const out = new Array<EncodedValue>(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    out[i] = x !== x ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : Object.is(x, -0) ? '-0' : x;
  }
  return out;
}

/** Inverse of {@link encodeValues}; errors name `what` and the bad index. */
export function decodeValues(fn: string, what: string, values: unknown, expected: number): Float64Array {
  if (!Array.isArray(values)) fail(fn, `${what} values`, 'an array', values, true);
  if (values.length !== expected) throw new RangeError(`${fn}: ${what} has ${values.length} values, expected ${expected}`);
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const x: unknown = values[i];
    if (typeof x === 'number') out[i] = x;
    else if (x === 'NaN') out[i] = NaN;
    else if (x === 'Infinity') out[i] = Infinity;
    else if (x === '-Infinity') out[i] = -Infinity;
    else if (x === '-0') out[i] = -0;
    else fail(fn, `${what} values[${i}]`, `a number or one of ${SPECIALS.map((s) => `'${s}'`).join(', ')}`, x, true);
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkHeader(fn: string, sd: unknown, format: string): Record<string, unknown> {
  if (!isRecord(sd)) fail(fn, 'state dict', `an object { format: '${format}', version, … }`, sd, true);
  if (sd.format !== format) {
    throw new RangeError(`${fn}: unknown format ${describeValue(sd.format)}; supported format: '${format}'`);
  }
  if (typeof sd.version !== 'number' || !STATE_DICT_VERSIONS.includes(sd.version)) {
    throw new RangeError(`${fn}: unsupported version ${describeValue(sd.version)} of '${format}'; supported versions: ${STATE_DICT_VERSIONS.join(', ')}`);
  }
  return sd;
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A JSON-safe snapshot of `module`'s parameters, keyed by `parameters()` names. */
export function moduleStateDict(module: AnyModule): ModuleStateDict {
  const params: Record<string, { shape: number[]; values: EncodedValue[] }> = {};
  for (const { name, tensor } of module.parameters()) params[name] = { shape: [...tensor.shape], values: encodeValues(tensor.data) };
  return { format: MODULE_STATE_FORMAT, version: 1, params };
}

/**
 * Loads a {@link moduleStateDict} (e.g. after `JSON.parse`) into `module`. Strict: every module
 * parameter must be present with its exact shape, and no other key may appear.
 * @throws naming the key for a missing key, an unexpected key, a wrong shape (both shapes given)
 *   or a bad value; naming the supported ones for an unknown format or version.
 */
export function loadModuleStateDict(module: AnyModule, sd: unknown): void {
  const fn = 'loadModuleStateDict';
  const params = checkHeader(fn, sd, MODULE_STATE_FORMAT).params;
  if (!isRecord(params)) fail(fn, 'params', 'an object { [name]: { shape, values } }', params, true);
  const ours = module.parameters();
  const known = new Set(ours.map((p) => p.name));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw new RangeError(`${fn}: unexpected key '${key}' (not a parameter of this ${module.constructor.name})`);
  }
  const decoded: Float64Array[] = [];
  for (const { name, tensor } of ours) {
    if (!has(params, name)) throw new RangeError(`${fn}: missing key '${name}'`);
    const entry = params[name];
    if (!isRecord(entry)) fail(fn, `key '${name}'`, 'an object { shape, values }', entry, true);
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
      fail(fn, `key '${name}' shape`, 'an array of non-negative integers', shape, true);
    }
    const s = shape as number[];
    if (s.length !== tensor.shape.length || s.some((d, i) => d !== tensor.shape[i])) {
      throw new RangeError(`${fn}: key '${name}' has shape ${formatShape(s)} in the state dict but ${formatShape(tensor.shape)} in the module`);
    }
    decoded.push(decodeValues(fn, `key '${name}'`, entry.values, shapeSize(s)));
  }
  ours.forEach((p, i) => p.tensor.data.set(decoded[i]!));
}

/** A JSON-safe snapshot of an optimizer (kind, config, t, m, v). */
export function optimizerStateDict(opt: Optimizer): OptimizerStateDict {
  const s = opt.getState();
  return { format: OPTIMIZER_STATE_FORMAT, version: 1, kind: s.kind, config: { ...s.config }, t: s.t, m: encodeValues(s.m), v: encodeValues(s.v) };
}

/**
 * Loads an {@link optimizerStateDict} into `opt`: the kind must match and the moment arrays must
 * have `opt`'s sizes; the stored config (including lr) replaces the current one.
 */
export function loadOptimizerStateDict(opt: Optimizer, sd: unknown): void {
  const fn = 'loadOptimizerStateDict';
  const d = checkHeader(fn, sd, OPTIMIZER_STATE_FORMAT);
  for (const key of Object.keys(d)) {
    if (!['format', 'version', 'kind', 'config', 't', 'm', 'v'].includes(key)) throw new RangeError(`${fn}: unexpected key '${key}'`);
  }
  for (const key of ['kind', 'config', 't', 'm', 'v']) if (!has(d, key)) throw new RangeError(`${fn}: missing key '${key}'`);
  if (d.kind !== opt.kind) throw new RangeError(`${fn}: key 'kind' is ${describeValue(d.kind)} but the optimizer is '${opt.kind}'`);
  if (!isRecord(d.config)) fail(fn, `key 'config'`, 'an object', d.config, true);
  if (typeof d.t !== 'number' || !Number.isSafeInteger(d.t) || d.t < 0) fail(fn, `key 't'`, 'a non-negative integer', d.t);
  const m = decodeValues(fn, `key 'm'`, d.m, opt.m.length);
  const v = decodeValues(fn, `key 'v'`, d.v, opt.v.length);
  const state: OptimizerState = opt.kind === 'sgd'
    ? { kind: 'sgd', config: resolveOptimizerConfig('sgd', d.config as Partial<SgdConfig>), t: d.t, m, v }
    : { kind: opt.kind, config: resolveOptimizerConfig(opt.kind, d.config as Partial<AdamConfig>), t: d.t, m, v };
  opt.setState(state);
}
