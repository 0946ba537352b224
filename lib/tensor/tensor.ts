// Tensor: a row-major Float64Array with a shape, and — when it takes part in differentiation — the
// op that made it, its inputs and a backward function (reverse-mode autograd, micrograd-style:
// forward and backward of each op sit side by side in its op file).
//
// Gradients are plain Float64Arrays of the tensor's size (no higher-order derivatives). Leaves
// accumulate gradients across `backward()` calls (zero them yourself, as with PyTorch); the
// gradients of intermediate nodes are rebuilt on every `backward()`.

import { allocZeros } from './buffers.js';
import { formatShape, shapeSize, validateShape, type Shape } from './shape.js';
import { NumericsError, firstNonFiniteIndex, legacyFiniteHandler, traceBackwardSeed, traceBackwardStep, traceForward, type NumericsHandler } from './numerics.js';

/** Accumulates the output gradient `out.grad` into the gradients of `out.inputs` that need one. */
export type BackwardFn = (out: Tensor) => void;

// ---- global switches, set through functions (never environment variables) -------------------

let gradEnabled = true;
/** The numerics tracer's handler (lib/tensor/numerics.ts), or null: off (the default). */
let numerics: NumericsHandler | null = null;

/** Runs `fn` without recording a graph (inference, target computations, optimizer steps). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Whether ops currently record the graph. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Switches the numerics tracer on (`handler`) or off (null) for every later op and backward step;
 * returns the previous handler. With `throwNumericsError` the first NaN/±Infinity an op produces
 * or receives throws a `NumericsError` naming the op, forward/backward, the shapes and the module
 * (see lib/tensor/numerics.ts). Off by default; results are bit-identical either way.
 */
export function setNumericsCheck(handler: NumericsHandler | null): NumericsHandler | null {
  if (handler !== null && typeof handler !== 'function') throw new TypeError(`setNumericsCheck: handler must be a function or null, got ${typeof handler}`);
  const prev = numerics;
  numerics = handler;
  return prev;
}

/** The numerics tracer's handler in use, or null (off). */
export function getNumericsCheck(): NumericsHandler | null {
  return numerics;
}

/**
 * Runs `fn` with a NaN/Inf check after every op's forward and every backward step: the first
 * non-finite value throws an error naming the op and its input shapes. Off by default (it costs a
 * pass over every output). The scoped form of `setNumericsCheck`.
 */
export function withFiniteCheck<T>(fn: () => T): T {
  const prev = setNumericsCheck(legacyFiniteHandler);
  try {
    return fn();
  } finally {
    numerics = prev;
  }
}

/**
 * Checks values that enter the computation outside any op (`receiver` names who receives them,
 * e.g. `ReplayBuffer.add`, and `field` what they are, e.g. `reward`): a NaN/±Infinity is
 * reported to the numerics handler when one is set, and otherwise — or if the handler returns —
 * throws a `NumericsError` with `message` (default: `${receiver}: ${field}[i] must be a finite number, got NaN`).
 */
export function checkFiniteValues(receiver: string, field: string, values: ArrayLike<number>, shape: Shape = [values.length], message?: (index: number, value: number) => string): void {
  const i = firstNonFiniteIndex(values);
  if (i < 0) return;
  const value = values[i]!;
  const event = { op: receiver, phase: 'forward' as const, kind: 'received' as const, where: field, shape, index: i, value, inputShapes: [], outputShape: null, module: null, moduleVia: null };
  if (numerics !== null) numerics(event);
  throw new NumericsError(message !== undefined ? message(i, value) : `${receiver}: ${field}[${i}] must be a finite number, got ${value}`, event);
}

let nextId = 1;

export class Tensor {
  /** Row-major values. For parameters this is a view into a module's flat parameter buffer. */
  readonly data: Float64Array;
  readonly shape: Shape;
  readonly size: number;
  /** Gradient of the last `backward()` (accumulated for leaves), or null before any. */
  grad: Float64Array | null;
  /** Leaves: whether gradients are wanted. Op results: whether any input wanted them. */
  requiresGrad: boolean;
  /** Name of the op that made it, `'leaf'` for inputs and parameters. */
  readonly op: string;
  readonly inputs: readonly Tensor[];
  backwardFn: BackwardFn | null;
  /** Optional human-readable name, shown by `formatGraph` (parameters get theirs from modules). */
  label: string | undefined;
  /** Creation counter, for `formatGraph` and topological order. Not part of any result. */
  readonly id: number;

  constructor(data: Float64Array, shape: Shape, requiresGrad = false, op = 'leaf', inputs: readonly Tensor[] = [], backwardFn: BackwardFn | null = null) {
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new RangeError(`Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}`);
    }
    this.data = data;
    this.shape = shape;
    this.size = size;
    this.grad = null;
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.inputs = inputs;
    this.backwardFn = backwardFn;
    this.label = undefined;
    this.id = nextId++;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item(): tensor has shape ${formatShape(this.shape)}, expected one element`);
    return this.data[0]!;
  }

  /** Nested JS arrays of the values (a copy). */
  toArray(): unknown {
    const rec = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return this.data[offset];
      const n = this.shape[dim]!;
      let step = 1;
      for (let i = dim + 1; i < this.shape.length; i++) step *= this.shape[i]!;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(rec(dim + 1, offset + i * step));
      return out;
    };
    return rec(0, 0);
  }

  /** A leaf sharing this tensor's data, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** Marks a leaf as wanting gradients (returns this, for chaining). */
  setRequiresGrad(on = true): this {
    if (this.op !== 'leaf') throw new Error(`setRequiresGrad: only leaves can be marked, this is the result of '${this.op}'`);
    this.requiresGrad = on;
    return this;
  }

  /** Zeroes (or drops) the accumulated gradient. */
  zeroGrad(): void {
    if (this.grad !== null) this.grad.fill(0);
  }

  /**
   * Reverse-mode differentiation from this tensor. Without an argument the tensor must hold one
   * element (its upstream gradient is 1); otherwise pass the upstream gradient (same size).
   */
  backward(upstream?: Tensor | Float64Array | readonly number[]): void {
    backward(this, upstream);
  }

  toString(): string {
    return `Tensor(${this.op}, ${formatShape(this.shape)}${this.label !== undefined ? `, '${this.label}'` : ''})`;
  }
}

/** The gradient buffer of `t`, created zero-filled on first use (used by backward functions). */
export function gradOf(t: Tensor): Float64Array {
  let g = t.grad;
  if (g === null) {
    // Pitfall: a leaf keeps (and accumulates) its gradient across `arena.run` calls, so it must
    // never be an arena buffer — the next run would hand that buffer to another tensor.
    g = t.backwardFn === null ? new Float64Array(t.size) : allocZeros(t.size);
    t.grad = g;
  }
  return g;
}

/**
 * Wraps an op's output. Records the graph only when grad mode is on and an input requires a
 * gradient; otherwise the result is a plain leaf and `backward` is dropped.
 */
export function makeResult(op: string, data: Float64Array, shape: Shape, inputs: readonly Tensor[], backwardFn: BackwardFn): Tensor {
  let needs = false;
  if (gradEnabled) {
    for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) { needs = true; break; }
  }
  const out = needs ? new Tensor(data, shape, true, op, inputs, backwardFn) : new Tensor(data, shape, false, op);
  if (numerics !== null) traceForward(numerics, op, out, inputs);
  return out;
}

/**
 * Wraps the output of a NON-differentiable op (argmax, argmin): a tensor that records the op's name
 * but never requires a gradient and takes no part in backward, whatever its inputs.
 */
export function constantResult(op: string, data: Float64Array, shape: Shape): Tensor {
  const out = new Tensor(data, shape, false, op);
  if (numerics !== null) traceForward(numerics, op, out, []);
  return out;
}

/** Nodes reachable from `root` that take part in differentiation, inputs before outputs. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    if (i < t.inputs.length) {
      top[1] = i + 1;
      const c = t.inputs[i]!;
      if (c.requiresGrad && !seen.has(c)) {
        seen.add(c);
        stack.push([c, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

export function backward(root: Tensor, upstream?: Tensor | Float64Array | readonly number[]): void {
  if (!root.requiresGrad) {
    throw new Error(`backward(): ${root.toString()} does not require grad (no input of its graph has requiresGrad, or it was made under noGrad)`);
  }
  let seed: ArrayLike<number>;
  if (upstream === undefined) {
    if (root.size !== 1) {
      throw new RangeError(`backward(): the output has shape ${formatShape(root.shape)}; a non-scalar output needs an explicit upstream gradient`);
    }
    seed = [1];
  } else {
    seed = upstream instanceof Tensor ? upstream.data : upstream;
    if (seed.length !== root.size) {
      throw new RangeError(`backward(): upstream gradient has ${seed.length} elements, the output ${formatShape(root.shape)} has ${root.size}`);
    }
  }
  const order = topoOrder(root);
  // Intermediate gradients start from zero on every pass; leaves accumulate.
  for (let i = 0; i < order.length; i++) {
    const t = order[i]!;
    if (t.backwardFn !== null) t.grad = null;
  }
  const g = gradOf(root);
  for (let i = 0; i < seed.length; i++) g[i] = g[i]! + seed[i]!;
  if (numerics !== null) traceBackwardSeed(numerics, root);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    if (t.backwardFn === null || t.grad === null) continue;
    t.backwardFn(t);
    if (numerics !== null) traceBackwardStep(numerics, t);
  }
}

/**
 * Prints the graph below `t`, one node a line with its op, shape and inputs:
 * `#5 add [32,64] <- #3, #4`. Leaves show their label (parameters are named by their module).
 */
export function formatGraph(t: Tensor): string {
  const lines: string[] = [];
  const seen = new Set<Tensor>();
  const order: Tensor[] = [];
  const visit = (n: Tensor): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const c of n.inputs) visit(c);
    order.push(n);
  };
  visit(t);
  const ids = new Map<Tensor, number>();
  order.forEach((n, i) => ids.set(n, i));
  for (const n of order) {
    const name = n.label !== undefined ? ` '${n.label}'` : '';
    const ins = n.inputs.length > 0 ? ` <- ${n.inputs.map((c) => `#${ids.get(c)}`).join(', ')}` : '';
    const rg = n.requiresGrad ? '' : ' (no grad)';
    lines.push(`#${ids.get(n)} ${n.op}${name} ${formatShape(n.shape)}${ins}${rg}`);
  }
  return lines.join('\n');
}

// ---- creation -----------------------------------------------------------------------------

/** Options for creating a leaf. */
export interface LeafOptions {
  /** Track gradients for this leaf (default false). */
  readonly requiresGrad?: boolean;
  readonly label?: string;
}

function leaf(data: Float64Array, shape: Shape, opts: LeafOptions | undefined): Tensor {
  const t = new Tensor(data, shape, opts?.requiresGrad ?? false);
  if (opts?.label !== undefined) t.label = opts.label;
  return t;
}

export function zeros(shape: Shape, opts?: LeafOptions): Tensor {
  validateShape(shape, 'zeros');
  return leaf(new Float64Array(shapeSize(shape)), [...shape], opts);
}

export function ones(shape: Shape, opts?: LeafOptions): Tensor {
  return full(shape, 1, opts);
}

export function full(shape: Shape, value: number, opts?: LeafOptions): Tensor {
  validateShape(shape, 'full');
  return leaf(new Float64Array(shapeSize(shape)).fill(value), [...shape], opts);
}

/** A scalar (shape `[]`). */
export function scalar(value: number, opts?: LeafOptions): Tensor {
  return leaf(Float64Array.of(value), [], opts);
}

/** Wraps existing values (not copied) with a shape. */
export function fromData(data: Float64Array, shape: Shape, opts?: LeafOptions): Tensor {
  validateShape(shape, 'fromData');
  return leaf(data, [...shape], opts);
}

/** Nested number arrays (rectangular) or a number → tensor (values copied). */
export function tensor(values: number | readonly unknown[], opts?: LeafOptions): Tensor {
  if (typeof values === 'number') return scalar(values, opts);
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  const data = new Float64Array(shapeSize(shape));
  let k = 0;
  const rec = (x: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof x !== 'number') throw new TypeError(`tensor: element ${path} must be a number, got ${typeof x}`);
      data[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) {
      throw new RangeError(`tensor: ragged nested array at ${path || 'top level'}: expected ${shape[dim]} elements on axis ${dim}`);
    }
    for (let i = 0; i < x.length; i++) rec(x[i], dim + 1, `${path}[${i}]`);
  };
  rec(values, 0, '');
  return leaf(data, shape, opts);
}
