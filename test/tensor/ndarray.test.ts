// lib/tensor/ndarray.ts against the real scijs `ndarray` package (a dev dependency only: lib/
// itself imports no package). Views made by ndarray's own transpose / hi / lo / step / pick must
// come back element for element, and our output must be a valid ndarray.

import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import {
  fromData,
  fromNdarrayLike,
  shapeSize,
  slice,
  tensor,
  toNdarrayLike,
  transpose,
  zeros,
  type NdarrayLike,
  type Tensor,
} from '../../lib/tensor/index.js';
import { vals } from './helpers.js';

/** 0, 1, 2, … in a Float64Array of the given shape's size. */
const iota = (shape: number[]): Float64Array => Float64Array.from({ length: shapeSize(shape) }, (_, i) => i);

/** All elements of an ndarray view in row-major order, read with its own `get`. */
function elementsOf(v: ndarray.NdArray<ndarray.Data<number>>): number[] {
  const out: number[] = [];
  const n = v.shape.reduce((p, d) => p * d, 1);
  const idx = new Array<number>(v.shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    out.push(v.get(...idx) as number);
    for (let d = v.shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < v.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

describe('toNdarrayLike', () => {
  it('describes the tensor: own buffer, row-major strides, offset 0', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const v = toNdarrayLike(t);
    expect(v.data).toBe(t.data);
    expect(v.shape).toEqual([2, 3]);
    expect(v.stride).toEqual([3, 1]);
    expect(v.offset).toBe(0);
    v.shape.push(9); // a copy of the shape, not the tensor's own array
    expect(t.shape).toEqual([2, 3]);
  });

  it('ndarray(v.data, v.shape) of our output reads the same elements', () => {
    const t = fromData(iota([2, 3, 4]).map((x) => x * 1.5 - 7), [2, 3, 4]);
    const v = toNdarrayLike(t);
    const nd = ndarray(v.data, v.shape);
    expect(nd.stride).toEqual(v.stride);
    expect(nd.get(1, 2, 3)).toBe(t.data[1 * 12 + 2 * 4 + 3]);
    expect(elementsOf(nd)).toEqual(vals(t));
    // With our strides and offset passed explicitly: the same view.
    expect(elementsOf(ndarray(v.data, v.shape, v.stride, v.offset))).toEqual(vals(t));
    // A write through ndarray changes the tensor (shared buffer).
    nd.set(0, 0, 0, 42);
    expect(t.data[0]).toBe(42);
  });

  it('a scalar tensor is a 0-d ndarray', () => {
    const v = toNdarrayLike(tensor(5));
    expect(v.shape).toEqual([]);
    expect(v.stride).toEqual([]);
    expect(ndarray(v.data, v.shape).get()).toBe(5);
  });
});

describe('fromNdarrayLike', () => {
  it('round trips a plain ndarray and our own output', () => {
    const nd = ndarray(iota([2, 3]), [2, 3]);
    const t = fromNdarrayLike(nd);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(t.data).not.toBe(nd.data); // always a copy
    const again = fromNdarrayLike(toNdarrayLike(t));
    expect(vals(again)).toEqual(vals(t));
    expect(again.data).not.toBe(t.data);
  });

  it('transposed view (.transpose(1, 0)) equals our transpose', () => {
    const t = fromData(iota([2, 3]), [2, 3]);
    const v = toNdarrayLike(t);
    const ndT = ndarray(v.data, v.shape).transpose(1, 0);
    expect(ndT.stride).toEqual([1, 3]);
    const back = fromNdarrayLike(ndT);
    expect(back.shape).toEqual([3, 2]);
    expect(back.toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(vals(back)).toEqual(vals(transpose(t)));
    // A 3-D permutation.
    const u = fromData(iota([2, 3, 4]), [2, 3, 4]);
    const w = toNdarrayLike(u);
    expect(vals(fromNdarrayLike(ndarray(w.data, w.shape).transpose(2, 0, 1)))).toEqual(vals(transpose(u, [2, 0, 1])));
  });

  it('sliced view (.hi().lo()) has an offset and equals our slices', () => {
    const t = fromData(iota([4, 5]), [4, 5]);
    const v = toNdarrayLike(t);
    const sub = ndarray(v.data, v.shape).hi(3, 4).lo(1, 2); // rows 1..2, columns 2..3
    expect(sub.shape).toEqual([2, 2]);
    expect(sub.offset).toBe(1 * 5 + 2);
    const back = fromNdarrayLike(sub);
    expect(back.toArray()).toEqual([[7, 8], [12, 13]]);
    expect(vals(back)).toEqual(vals(slice(slice(t, 0, 1, 3), 1, 2, 4)));
  });

  it('stepped views (.step(-1), .step(1, -1), .step(2)) with negative strides', () => {
    const data = iota([2, 3]);
    const rowsReversed = ndarray(data, [2, 3]).step(-1);
    expect(rowsReversed.stride).toEqual([-3, 1]);
    expect(rowsReversed.offset).toBe(3);
    expect(fromNdarrayLike(rowsReversed).toArray()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(fromNdarrayLike(ndarray(data, [2, 3]).step(1, -1)).toArray()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(fromNdarrayLike(ndarray(data, [2, 3]).step(-1, -1)).toArray()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(fromNdarrayLike(ndarray(iota([7]), [7]).step(3)).toArray()).toEqual([0, 3, 6]);
    expect(fromNdarrayLike(ndarray(iota([7]), [7]).step(-2)).toArray()).toEqual([6, 4, 2, 0]);
    // Transposed and reversed at once.
    expect(fromNdarrayLike(ndarray(data, [2, 3]).transpose(1, 0).step(-1)).toArray()).toEqual([[2, 5], [1, 4], [0, 3]]);
  });

  it('random chains of transpose / step / lo / hi / pick match ndarray element by element', () => {
    type Op = { kind: 'T'; seed: number } | { kind: 'step'; seed: number } | { kind: 'lo' | 'hi'; seed: number } | { kind: 'pick'; seed: number };
    const opArb: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('T', 'step', 'lo', 'hi', 'pick'), seed: fc.nat() }) as fc.Arbitrary<Op>;
    const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(shape, fc.array(opArb, { maxLength: 6 }), (s, ops) => {
        let v = ndarray(iota(s).map((x) => x * 0.5 - 3), s);
        for (const op of ops) {
          const r = v.shape.length, sd = op.seed;
          if (r === 0) break;
          if (op.kind === 'T') {
            const perm = v.shape.map((_, i) => i);
            for (let i = r - 1; i > 0; i--) { const j = (sd + i * 7) % (i + 1); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
            v = v.transpose(...perm);
          } else if (op.kind === 'step') {
            v = v.step(...v.shape.map((_, i) => [1, -1, 2, -2][(sd >> (2 * i)) & 3]!));
          } else if (op.kind === 'lo') {
            v = v.lo(...v.shape.map((d, i) => (sd >> i) % Math.max(d, 1)));
          } else if (op.kind === 'hi') {
            v = v.hi(...v.shape.map((d, i) => 1 + ((sd >> i) % Math.max(d, 1))));
          } else if (r > 1) {
            const axis = sd % r, at = (sd >> 3) % v.shape[axis]!;
            v = v.pick(...v.shape.map((_, i) => (i === axis ? at : null)));
          }
        }
        const t = fromNdarrayLike(v);
        expect(t.shape).toEqual(v.shape);
        expect(vals(t)).toEqual(elementsOf(v));
      }),
      { numRuns: 300, seed: 424_242 },
    );
  });

  it('accepts stride 0 (broadcast views), plain arrays, other typed arrays and empty views', () => {
    expect(fromNdarrayLike(ndarray([1, 2, 3], [2, 3], [0, 1], 0)).toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(fromNdarrayLike({ data: [9, 8, 7, 6], shape: [2, 2], stride: [1, 2], offset: 0 }).toArray()).toEqual([[9, 7], [8, 6]]);
    expect(vals(fromNdarrayLike(ndarray(Float32Array.of(0.1, 2), [2])))).toEqual([Math.fround(0.1), 2]);
    expect(vals(fromNdarrayLike(ndarray(Int32Array.of(-5, 7), [2])))).toEqual([-5, 7]);
    const empty = fromNdarrayLike(ndarray(new Float64Array(0), [0, 3]));
    expect(empty.shape).toEqual([0, 3]);
    expect(empty.size).toBe(0);
    // No element is addressed, so any offset is consistent.
    expect(fromNdarrayLike({ data: [], shape: [2, 0], stride: [0, 1], offset: 99 }).shape).toEqual([2, 0]);
    expect(fromNdarrayLike(ndarray(Float64Array.of(3), [])).item()).toBe(3);
    // NaN and ±Infinity are values like any other.
    expect(vals(fromNdarrayLike({ data: [NaN, -Infinity], shape: [2], stride: [1], offset: 0 }))).toEqual([NaN, -Infinity]);
  });

  it('takes leaf options and copies the values', () => {
    const src = [1, 2];
    const t = fromNdarrayLike({ data: src, shape: [2], stride: [1], offset: 0 }, { requiresGrad: true, label: 'obs' });
    expect(t.requiresGrad).toBe(true);
    expect(t.label).toBe('obs');
    expect(t.op).toBe('leaf');
    src[0] = 100;
    expect(vals(t)).toEqual([1, 2]);
    expect(fromNdarrayLike(toNdarrayLike(zeros([1]))).requiresGrad).toBe(false);
  });

  it('clear errors for inconsistent shape, stride, offset or data', () => {
    const ok = { data: [1, 2, 3, 4, 5, 6], shape: [2, 3], stride: [3, 1], offset: 0 };
    const bad = (patch: Partial<Record<keyof NdarrayLike, unknown>>): (() => Tensor) => () => fromNdarrayLike({ ...ok, ...patch } as NdarrayLike);
    expect(bad({ stride: [1] })).toThrow('fromNdarrayLike: stride [1] has 1 entries but shape [2,3] has 2');
    expect(bad({ shape: [2, -3] })).toThrow('fromNdarrayLike: shape[1] must be >= 0, got shape [2,-3]');
    expect(bad({ shape: [2, 1.5] })).toThrow('fromNdarrayLike: shape[1] must be an integer, got 1.5 (shape [2,1.5])');
    expect(bad({ stride: [3, NaN] })).toThrow('fromNdarrayLike: stride[1] must be an integer, got NaN (stride [3,NaN])');
    expect(bad({ shape: undefined })).toThrow('fromNdarrayLike: shape must be an array of integers, got undefined');
    expect(bad({ offset: 0.5 })).toThrow('fromNdarrayLike: offset must be an integer, got 0.5');
    expect(bad({ offset: 1 })).toThrow('fromNdarrayLike: shape [2,3] with stride [3,1] and offset 1 reaches indices 1..6, outside data of length 6');
    expect(bad({ shape: [3, 3] })).toThrow('fromNdarrayLike: shape [3,3] with stride [3,1] and offset 0 reaches indices 0..8, outside data of length 6');
    expect(bad({ stride: [-3, 1] })).toThrow('fromNdarrayLike: shape [2,3] with stride [-3,1] and offset 0 reaches indices -3..2, outside data of length 6');
    expect(bad({ data: null })).toThrow('fromNdarrayLike: data must be an array-like of numbers, got null');
    expect(bad({ data: 'abcdef' })).toThrow("fromNdarrayLike: data must be an array-like of numbers, got 'abcdef'");
    expect(bad({ data: [1, 2, 3, '4', 5, 6] })).toThrow("fromNdarrayLike: data[3] (element [1,0]) must be a number, got '4'");
    expect(bad({ data: BigInt64Array.of(1n, 2n, 3n, 4n, 5n, 6n) })).toThrow('fromNdarrayLike: data[0] (element [0,0]) must be a number, got 1n');
    expect(() => fromNdarrayLike(null as unknown as NdarrayLike)).toThrow('fromNdarrayLike: expected an object { data, shape, stride, offset }, got null');
    for (const f of [bad({ stride: [1] }), bad({ offset: 1 })]) expect(f).toThrow(RangeError);
    for (const f of [bad({ offset: 0.5 }), bad({ data: [1, 2, 3, '4', 5, 6] })]) expect(f).toThrow(TypeError);
  });
});
