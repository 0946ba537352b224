// Module: a differentiable function with named parameters, all stored in ONE contiguous buffer.
//
// Layout. A module's parameters and its children's parameters live in `flat.data` (values) and
// `flat.grad` (gradients), in registration order: each parameter is a row-major block, each child
// a contiguous block (its own flat buffer, recursively). Every parameter Tensor's `data` and
// `grad` are `subarray` views into those two arrays, so backward accumulates straight into
// `flat.grad`, and Adam, Polyak updates, FedAvg and checkpoints are single loops over `flat`
// (tinygrad's fused-optimizer idea: one buffer plus offsets).
//
// Building. Layers register their parameters in their constructor (`registerParameter`), which
// allocates and initialises them; a composite registers finished children (`registerModule`),
// which copies the child's values into the composite's buffer and re-points the child's tensors
// at the new location. Build the whole network first, then use it: see the pitfalls below.
//
// Pitfalls (read before holding on to a parameter tensor):
//  * Anything that ASSIGNS `tensor.grad` (rather than accumulating into it) detaches that
//    parameter's gradient from `flat.grad`: later gradients land in a fresh array that optimizers
//    never see. `gradCheck` from lib/tensor does exactly this (it sets the checked inputs' grads to
//    null). Call `module.reattachGrads()` afterwards, or check a separate module.
//  * Registering a module into a parent replaces its parameter Tensor objects and its `flat`
//    arrays (they now point into the parent's buffer). Tensors or `flat` arrays taken from the
//    child before that are stale (its old buffer is no longer used). Optimizers built on the
//    Module object itself follow it; ones built on a `{ data, grad }` pair do not.
//  * `buildArena` (lib/nn/arena.ts) moves a root module's `flat` into a WebAssembly memory the same
//    way (values kept, tensors and `flat` re-pointed): take `flat` and parameter tensors after it.

import { Tensor, formatShape, shapeSize, type Shape } from '../tensor/index.js';
import type { NetworkArena } from './arena.js';
import { fail, formatCount } from './validate.js';

/** A module's parameters as two flat arrays of equal length: values and gradients. */
export interface FlatParams {
  /** All parameter values, in `parameters()` order, row-major within each parameter. */
  readonly data: Float64Array;
  /** Their gradients (same layout); backward accumulates here, `zeroGrad()` zeroes it. */
  readonly grad: Float64Array;
}

/** One parameter with its dotted path, e.g. `layers.0.weight`. */
export interface NamedParameter {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Handle returned by `registerParameter`; `tensor` follows the parameter when it is moved. */
export interface ParameterRef {
  readonly name: string;
  readonly shape: Shape;
  /** The current tensor (a view into the owning module's flat buffer). Do not cache it across registration. */
  readonly tensor: Tensor;
}

/** Fills a freshly allocated (zeroed) parameter block, row-major. */
export type ParameterInit = (values: Float64Array) => void;

/** Any module, whatever its forward inputs. */
export type AnyModule = Module<readonly Tensor[]>;

interface ParamEntry {
  readonly kind: 'param';
  readonly name: string;
  readonly shape: Shape;
  readonly size: number;
  tensor: Tensor;
}

interface ChildEntry {
  readonly kind: 'child';
  readonly name: string;
  readonly module: AnyModule;
}

const NAME_RE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
/** A network's own name (`setName`): parts of letters, digits and _, each with an optional index, e.g. `agent[2].critic`. */
const NETWORK_NAME_RE = /^[A-Za-z0-9_]+(\[[0-9]+\])?(\.[A-Za-z0-9_]+(\[[0-9]+\])?)*$/;

/**
 * Base class of layers and networks. `I` is the tuple of forward inputs (default one tensor), so a
 * two-input critic is `class Critic extends Module<[Tensor, Tensor]>`.
 */
export abstract class Module<I extends readonly Tensor[] = [Tensor]> {
  #entries: Array<ParamEntry | ChildEntry> = [];
  #flat: FlatParams = { data: new Float64Array(0), grad: new Float64Array(0) };
  #parent: AnyModule | null = null;
  #prefix = '';
  #params: readonly NamedParameter[] | null = null;
  #name: string | null = null;
  #arena: NetworkArena | null = null;

  /** The differentiable computation. Run under `noGrad` for inference. */
  abstract forward(...inputs: I): Tensor;

  /** All parameters as one `{ data, grad }` pair of Float64Arrays (see the file header for the layout). */
  get flat(): FlatParams {
    return this.#flat;
  }

  /** The arena holding `flat` (lib/nn/arena.ts `buildArena`), or null for plain Float64Arrays. */
  get arena(): NetworkArena | null {
    return this.#arena;
  }

  /** Bytes of this module's arena memory (parameters, gradients, optimizer moments, scratch), 0 without one. */
  get arenaBytes(): number {
    return this.#arena === null ? 0 : this.#arena.bytes;
  }

  /**
   * Copies the values and gradients into `data`/`grad` (each `countParams()` long) and makes them
   * this module's `flat`; used by `buildArena`. Only for a root module (no parent). @internal
   */
  relocateFlat(data: Float64Array, grad: Float64Array, arena: NetworkArena | null): void {
    if (this.#parent !== null) throw new Error(`relocateFlat: this ${this.constructor.name} belongs to a parent; only a root module's buffer can move`);
    const n = this.countParams();
    if (data.length !== n || grad.length !== n) throw new RangeError(`relocateFlat: data and grad must have ${n} elements, got ${data.length} and ${grad.length}`);
    data.set(this.#flat.data);
    grad.set(this.#flat.grad);
    this.#bind(data, grad, this.#prefix);
    this.#arena = arena;
  }

  /**
   * Named parameters in flat order (registration order, children expanded in place): entry k's
   * tensor is a view of `flat.data` right after entry k−1's. The array is frozen and reused until
   * the module changes.
   */
  parameters(): readonly NamedParameter[] {
    if (this.#params === null) {
      const out: NamedParameter[] = [];
      for (const e of this.#entries) {
        if (e.kind === 'param') out.push(Object.freeze({ name: e.name, tensor: e.tensor }));
        else for (const p of e.module.parameters()) out.push(Object.freeze({ name: `${e.name}.${p.name}`, tensor: p.tensor }));
      }
      this.#params = Object.freeze(out);
    }
    return this.#params;
  }

  /** The network's name (`setName`), or null. */
  get name(): string | null {
    return this.#name;
  }

  /**
   * Names this network (a module without a parent), e.g. `critic` or `agent[2].critic`: its
   * parameters' labels become `critic.layers.1.weight`, so `formatGraph` and the numerics tracer
   * (lib/tensor `setNumericsCheck`) say which network an op belongs to. Labels only: values,
   * `parameters()` names and state dicts are unchanged. A module registered into a parent later
   * takes its labels from the parent's path.
   */
  setName(name: string): this {
    if (typeof name !== 'string' || !NETWORK_NAME_RE.test(name)) {
      fail('setName', 'name', 'letters, digits and _ in dot-separated parts, each with an optional [index] (e.g. agent[2].critic)', name, typeof name !== 'string');
    }
    if (this.#parent !== null) throw new Error(`setName: this ${this.constructor.name} belongs to a parent, which names it; name the parent instead`);
    this.#name = name;
    this.#relabel(`${name}.`);
    return this;
  }

  /** Sets every gradient to 0 (`flat.grad.fill(0)`). */
  zeroGrad(): void {
    this.#flat.grad.fill(0);
  }

  /** Number of scalar parameters (`flat.data.length`). */
  countParams(): number {
    return this.#flat.data.length;
  }

  /**
   * Points every parameter's `grad` back at its view of `flat.grad` (values kept). Use after
   * anything that assigned `tensor.grad`, e.g. `gradCheck` on parameters.
   */
  reattachGrads(): void {
    let o = 0;
    const grad = this.#flat.grad;
    for (const e of this.#entries) {
      if (e.kind === 'param') {
        e.tensor.grad = grad.subarray(o, o + e.size);
        o += e.size;
      } else {
        e.module.reattachGrads();
        o += e.module.countParams();
      }
    }
  }

  /** Structure, PyTorch-style: `Name(N params)` then one indented line per parameter / child. */
  toString(): string {
    const lines = [`${this.constructor.name}(${formatCount(this.countParams())} params)`];
    for (const e of this.#entries) {
      const body = e.kind === 'param' ? formatShape(e.shape) : e.module.toString().split('\n').join('\n  ');
      lines.push(`  ${e.name}: ${body}`);
    }
    return lines.join('\n');
  }

  /**
   * Declares a parameter of `shape`, appended to the flat buffer and filled by `init` (default
   * zeros). Call from the constructor, before the module is registered into a parent.
   */
  protected registerParameter(name: string, shape: Shape, init?: ParameterInit): ParameterRef {
    this.#checkOpen('registerParameter', name);
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      fail('registerParameter', `shape of '${name}'`, 'an array of non-negative integers', shape, true);
    }
    this.#checkFreshNames('registerParameter', [name]);
    const size = shapeSize(shape);
    const entry: ParamEntry = { kind: 'param', name, shape: Object.freeze([...shape]), size, tensor: new Tensor(new Float64Array(size), [...shape], true) };
    const { data, grad } = this.#grown(size);
    this.#entries.push(entry);
    this.#bind(data, grad, this.#prefix);
    if (init !== undefined) init(entry.tensor.data);
    return entry;
  }

  /**
   * Adds a finished child module under `name`: its values (and gradients) are copied into this
   * module's flat buffer and its tensors re-pointed there. A module has at most one parent.
   */
  protected registerModule<M extends AnyModule>(name: string, child: M): M {
    this.#checkOpen('registerModule', name);
    if (!(child instanceof Module)) fail('registerModule', `child '${name}'`, 'a Module', child, true);
    if (child.#parent !== null) {
      throw new Error(`registerModule: '${name}' already belongs to a ${child.#parent.constructor.name}; a module can be registered in one parent only`);
    }
    for (let p: AnyModule | null = this as AnyModule; p !== null; p = p.#parent) {
      if (p === child) throw new Error(`registerModule: '${name}' is this module or one of its ancestors (a cycle)`);
    }
    this.#checkFreshNames('registerModule', child.parameters().map((p) => `${name}.${p.name}`), name);
    const n = child.countParams();
    const { data, grad, offset } = this.#grown(n);
    data.set(child.#flat.data, offset);
    grad.set(child.#flat.grad, offset);
    child.#arena = null;
    this.#entries.push({ kind: 'child', name, module: child });
    child.#parent = this as AnyModule;
    this.#bind(data, grad, this.#prefix);
    return child;
  }

  #checkOpen(fn: string, name: unknown): void {
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      fail(fn, 'name', 'a non-empty string of letters, digits and _ (dots between parts allowed)', name, typeof name !== 'string');
    }
    if (this.#parent !== null) {
      throw new Error(`${fn}: cannot add '${name}' to a ${this.constructor.name} that already belongs to a parent; build modules bottom-up (register before adding to the parent)`);
    }
    if (this.#entries.some((e) => e.name === name)) throw new Error(`${fn}: '${name}' is already registered in this ${this.constructor.name}`);
  }

  #checkFreshNames(fn: string, names: readonly string[], owner?: string): void {
    const taken = new Set(this.parameters().map((p) => p.name));
    for (const n of names) {
      if (taken.has(n)) throw new Error(`${fn}: parameter name '${n}'${owner !== undefined ? ` (from '${owner}')` : ''} collides with an existing parameter`);
    }
  }

  /** New buffers `extra` elements longer, holding the current values and gradients at the front. */
  #grown(extra: number): { data: Float64Array; grad: Float64Array; offset: number } {
    this.#arena = null; // plain buffers again (a module in an arena that grows leaves it)
    const offset = this.#flat.data.length;
    const data = new Float64Array(offset + extra);
    const grad = new Float64Array(offset + extra);
    data.set(this.#flat.data);
    grad.set(this.#flat.grad);
    return { data, grad, offset };
  }

  /** Re-labels this module's parameters (and, recursively, its children's) under `prefix`; tensors and values untouched. */
  #relabel(prefix: string): void {
    this.#prefix = prefix;
    for (const e of this.#entries) {
      if (e.kind === 'param') e.tensor.label = prefix + e.name;
      else e.module.#relabel(`${prefix}${e.name}.`);
    }
  }

  /** Makes this module (and, recursively, its children) use `data`/`grad` as its flat buffer. */
  #bind(data: Float64Array, grad: Float64Array, prefix: string): void {
    this.#flat = Object.freeze({ data, grad });
    this.#prefix = prefix;
    this.#params = null;
    let o = 0;
    for (const e of this.#entries) {
      if (e.kind === 'param') {
        const t = new Tensor(data.subarray(o, o + e.size), [...e.shape], true);
        t.grad = grad.subarray(o, o + e.size);
        t.label = prefix + e.name;
        e.tensor = t;
        o += e.size;
      } else {
        const n = e.module.countParams();
        e.module.#bind(data.subarray(o, o + n), grad.subarray(o, o + n), `${prefix}${e.name}.`);
        o += n;
      }
    }
  }
}

/** A module or a bare `{ data, grad }` pair. */
export type FlatLike = AnyModule | FlatParams;

/** The `{ data, grad }` arrays of a module or flat pair (validated to have equal lengths). */
export function flatOf(fn: string, x: FlatLike): FlatParams {
  const f = x instanceof Module ? x.flat : x;
  if (typeof f !== 'object' || f === null || !(f.data instanceof Float64Array) || !(f.grad instanceof Float64Array)) {
    fail(fn, 'params', 'a Module or a { data: Float64Array, grad: Float64Array } pair', x, true);
  }
  if (f.data.length !== f.grad.length) {
    throw new RangeError(`${fn}: params.data has ${f.data.length} elements but params.grad has ${f.grad.length}`);
  }
  return f;
}
