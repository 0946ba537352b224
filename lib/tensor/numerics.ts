// Numerics tracing (`mecrl run --debug-numerics`): an opt-in NaN/±Infinity check on every op.
//
// `setNumericsCheck(handler)` switches it on for every later op (null switches it off; off is the
// default). Then every op's forward (`makeResult`: the elementwise ops, reductions, the fused
// linear layer on either kernel backend, the losses of lib/nn, …) scans its inputs and its output,
// and every backward step scans the gradients it wrote; the FIRST non-finite value found is handed
// to the handler as a `NumericsEvent`: the op, forward or backward, whether the op produced the
// value from finite inputs or received it, the shapes, and the module it belongs to — the dotted
// label of a parameter input (`critic.layers.1` for `critic.layers.1.weight`; networks get their
// names from lib/nn's `Module.setName`), or, for an op without parameters, the module its inputs
// came from (`downstream of critic.layers.2`, e.g. a loss). `throwNumericsError` (the usual
// handler) throws a `NumericsError` with that report, so a run stops at the first bad op.
//
// Cost: off, one null check per op and per backward step; on, a pass over every input and output
// and a WeakMap entry per op result (a debugging mode). Either way the arithmetic is untouched:
// the tracer only reads values, so results are bit-identical with and without it.
//
// Values that enter the computation outside any op (a replay buffer receiving an observation or a
// reward) can be checked with `checkFiniteValues`: it reports to the handler when one is set, and
// throws a `NumericsError` otherwise.

import { formatShape, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** One non-finite value, where it was found. */
export interface NumericsEvent {
  /** The op's name (`linear:relu`, `mseLoss`, …) or, from `checkFiniteValues`, the receiver's name. */
  readonly op: string;
  readonly phase: 'forward' | 'backward';
  /** 'received': an input (or upstream gradient) already held it; 'produced': the op made it from finite values. */
  readonly kind: 'received' | 'produced';
  /** What holds the value: `output`, `input 1 'critic.layers.1.weight'`, `gradient of input 0`, `upstream gradient`, a field name. */
  readonly where: string;
  /** Shape of the array holding the value. */
  readonly shape: Shape;
  /** Flat (row-major) index of the first non-finite value in it, and the value. */
  readonly index: number;
  readonly value: number;
  /** Shapes of the op's inputs (empty for `checkFiniteValues`). */
  readonly inputShapes: readonly Shape[];
  /** Shape of the op's output, or null (`checkFiniteValues`). */
  readonly outputShape: Shape | null;
  /** The module path (`critic.layers.1`), or null when the op's inputs come from no named parameter. */
  readonly module: string | null;
  /** 'parameter': the op has a parameter of `module` as input; 'input': its inputs were computed by `module`. */
  readonly moduleVia: 'parameter' | 'input' | null;
}

/** Receives the first non-finite value of an op; may throw (to stop) or return (to go on, e.g. collecting). */
export type NumericsHandler = (event: NumericsEvent) => void;

/** A non-finite value where finite numbers are required; `event` says where (null when it came from a plain check). */
export class NumericsError extends RangeError {
  override readonly name = 'NumericsError';
  constructor(message: string, readonly event: NumericsEvent | null = null) {
    super(message);
  }
}

/** One line: `non-finite value NaN received by 'linear:relu' (forward) in critic.layers.1: input 1 'critic.layers.1.weight' [64,64] at flat index 5 (inputs [32,64], [64,64], [64]; output [32,64])`. */
export function formatNumericsEvent(e: NumericsEvent): string {
  const by = e.phase === 'backward' ? `the backward of '${e.op}'` : `'${e.op}' (forward)`;
  const mod = e.module === null ? '' : e.moduleVia === 'parameter' ? ` in ${e.module}` : ` downstream of ${e.module}`;
  const shapes = e.outputShape === null ? '' : ` (inputs ${e.inputShapes.length === 0 ? 'none' : e.inputShapes.map(formatShape).join(', ')}; output ${formatShape(e.outputShape)})`;
  const from = e.kind === 'produced' ? ' from finite inputs' : '';
  return `non-finite value ${e.value} ${e.kind} by ${by}${mod}: ${e.where} ${formatShape(e.shape)} at flat index ${e.index}${from}${shapes}`;
}

/** The usual handler: throws a `NumericsError` with `formatNumericsEvent`'s report. */
export const throwNumericsError: NumericsHandler = (e) => {
  throw new NumericsError(formatNumericsEvent(e), e);
};

/** Index of the first NaN/±Infinity in `a`, or −1. */
export function firstNonFiniteIndex(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v - v !== 0) return i;
  }
  return -1;
}

// ---- module attribution ---------------------------------------------------------------------

/** The module each op result (made while tracing) belongs to, with how it was found. */
const moduleOfResult = new WeakMap<Tensor, { readonly module: string; readonly via: 'parameter' | 'input' }>();

/** A parameter's module: its label without the last part (`critic.layers.1.weight` → `critic.layers.1`). */
function parameterModule(t: Tensor): string | null {
  if (t.op !== 'leaf' || t.label === undefined) return null;
  const dot = t.label.lastIndexOf('.');
  return dot > 0 ? t.label.slice(0, dot) : null;
}

function moduleOf(inputs: readonly Tensor[]): { readonly module: string; readonly via: 'parameter' | 'input' } | null {
  for (const t of inputs) {
    const m = parameterModule(t);
    if (m !== null) return { module: m, via: 'parameter' };
  }
  for (const t of inputs) {
    const m = moduleOfResult.get(t);
    if (m !== undefined) return { module: m.module, via: 'input' };
  }
  return null;
}

function describeInput(inputs: readonly Tensor[], k: number): string {
  const t = inputs[k]!;
  return t.label !== undefined ? `input ${k} '${t.label}'` : t.op === 'leaf' ? `input ${k} (a leaf)` : `input ${k} (from '${t.op}')`;
}

function event(op: string, phase: 'forward' | 'backward', kind: 'received' | 'produced', where: string, arr: Float64Array, shape: Shape, index: number, inputs: readonly Tensor[], outputShape: Shape, m: ReturnType<typeof moduleOf>): NumericsEvent {
  return { op, phase, kind, where, shape, index, value: arr[index]!, inputShapes: inputs.map((t) => t.shape), outputShape, module: m?.module ?? null, moduleVia: m?.via ?? null };
}

/** Forward check of one op result (called by `makeResult`/`constantResult` while a handler is set). @internal */
export function traceForward(handler: NumericsHandler, op: string, out: Tensor, inputs: readonly Tensor[]): void {
  const m = moduleOf(inputs);
  if (m !== null) moduleOfResult.set(out, m);
  for (let k = 0; k < inputs.length; k++) {
    const t = inputs[k]!;
    const i = firstNonFiniteIndex(t.data);
    if (i >= 0) { handler(event(op, 'forward', 'received', describeInput(inputs, k), t.data, t.shape, i, inputs, out.shape, m)); return; }
  }
  const i = firstNonFiniteIndex(out.data);
  if (i >= 0) handler(event(op, 'forward', 'produced', 'output', out.data, out.shape, i, inputs, out.shape, m));
}

/** The upstream gradient a backward pass starts from (called by `backward` while a handler is set). @internal */
export function traceBackwardSeed(handler: NumericsHandler, root: Tensor): void {
  const i = firstNonFiniteIndex(root.grad!);
  if (i >= 0) handler(event(root.op, 'backward', 'received', 'upstream gradient', root.grad!, root.shape, i, root.inputs, root.shape, moduleOfResult.get(root) ?? null));
}

/** The gradients one backward step wrote into its inputs (called by `backward` while a handler is set). @internal */
export function traceBackwardStep(handler: NumericsHandler, t: Tensor): void {
  const inputs = t.inputs;
  for (let k = 0; k < inputs.length; k++) {
    const g = inputs[k]!.grad;
    if (g === null) continue;
    const i = firstNonFiniteIndex(g);
    if (i >= 0) { handler(event(t.op, 'backward', 'produced', `gradient of ${describeInput(inputs, k)}`, g, inputs[k]!.shape, i, inputs, t.shape, moduleOfResult.get(t) ?? moduleOf(inputs))); return; }
  }
}

/** The legacy messages of `withFiniteCheck`: `non-finite value NaN in the forward of 'log' at flat index 2 (input shapes: [2,2])`. @internal */
export const legacyFiniteHandler: NumericsHandler = (e) => {
  const shapes = e.inputShapes.map(formatShape).join(', ');
  const where = e.kind === 'received' ? `${e.where} of ` : '';
  throw new RangeError(`non-finite value ${e.value} in ${where}the ${e.phase} of '${e.op}' at flat index ${e.index} (input shapes: ${shapes})`);
};
