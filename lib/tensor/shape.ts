// Shape helpers: element counts, row-major strides, NumPy broadcasting, and shape-error messages.

/** A tensor shape: non-negative integer extents, row-major (last axis fastest). */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar shape `[]`). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides in elements: `strides[i] = Π_{j>i} shape[j]`. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** `[2,3]` → `"[2,3]"`, the form every shape error uses. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless `shape` is a list of non-negative safe integers; `what` names the caller. */
export function validateShape(shape: Shape, what: string): void {
  if (!Array.isArray(shape)) throw new TypeError(`${what}: shape must be an array of integers >= 0, got ${String(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${what}: shape[${i}] must be an integer >= 0, got ${String(d)} (shape ${formatShape(shape)})`);
    }
  }
}

/**
 * NumPy broadcasting of two shapes: align trailing axes; extents must be equal or one of them 1.
 * The error names the op and both shapes.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (axis ${i - n} has ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides of `inShape` seen through a broadcast to `outShape`: 0 on broadcast axes, so that
 * `offset = Σ idx[i]·stride[i]` walks the input while `idx` walks the output.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const n = outShape.length, lead = n - inShape.length;
  const inStrides = stridesOf(inShape);
  const s = new Array<number>(n).fill(0);
  for (let i = lead; i < n; i++) s[i] = inShape[i - lead] === 1 ? 0 : inStrides[i - lead]!;
  return s;
}

/** True when `inShape` equals the trailing axes of `outShape` (a "row" broadcast: offset = i mod size). */
export function isSuffixShape(inShape: Shape, outShape: Shape): boolean {
  if (inShape.length > outShape.length) return false;
  const lead = outShape.length - inShape.length;
  for (let i = 0; i < inShape.length; i++) if (inShape[i] !== outShape[lead + i]) return false;
  return true;
}

/** Normalises an axis in `[-rank, rank)` to `[0, rank)`; the error names the op, axis and shape. */
export function normalizeAxis(op: string, axis: number, rank: number, shape: Shape): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(`${op}: axis must be an integer in [${-rank}, ${rank - 1}] for shape ${formatShape(shape)}, got ${axis}`);
  }
  return axis < 0 ? axis + rank : axis;
}
