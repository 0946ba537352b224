// Property tests (fast-check): broadcasting against an explicit index loop, reductions, transpose
// and reshape round trips, and matmul against mathjs as an independent oracle.
// Fixed seeds keep CI reproducible; a failure prints the seed and the shrunk counterexample.

import fc from 'fast-check';
import { multiply } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  add,
  fromData,
  matmul,
  mul,
  reshape,
  shapeSize,
  stridesOf,
  sum,
  transpose,
  type Tensor,
} from '../../lib/tensor/index.js';

const RUNS = { numRuns: 200, seed: 20_240_611 } as const;

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (minRank: number, maxRank: number, minDim = 1): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: minDim, max: 4 }), { minLength: minRank, maxLength: maxRank });

/** Finite doubles including −0, ±tiny and large values. */
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });

/** A tensor of the given shape with arbitrary finite values. */
function tensorOf(shape: number[], v: fc.Arbitrary<number> = value): fc.Arbitrary<Tensor> {
  const n = shapeSize(shape);
  return fc.array(v, { minLength: n, maxLength: n }).map((xs) => fromData(Float64Array.from(xs), shape));
}

/** A shape broadcast-compatible with `out`: a suffix of it with some extents replaced by 1. */
function sideOf(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] === true ? 1 : d)));
}

const broadcastPair = fc
  .array(dim, { minLength: 0, maxLength: 4 })
  .chain((out) => fc.tuple(sideOf(out), sideOf(out)))
  .chain(([sa, sb]) => fc.tuple(tensorOf(sa), tensorOf(sb)));

/** Value at the broadcast multi-index `idx` (of the output's rank) of tensor `t`. */
function atBroadcast(t: Tensor, idx: number[]): number {
  const lead = idx.length - t.rank, strides = stridesOf(t.shape);
  let off = 0;
  for (let k = 0; k < t.rank; k++) off += (t.shape[k] === 1 ? 0 : idx[k + lead]!) * strides[k]!;
  return t.data[off]!;
}

describe('broadcasting', () => {
  it('add(a, b) equals an explicit loop over the broadcast indices (bit for bit, incl. −0)', () => {
    fc.assert(
      fc.property(broadcastPair, ([a, b]) => {
        const rank = Math.max(a.rank, b.rank);
        const dimOf = (t: Tensor, i: number): number => (i < rank - t.rank ? 1 : t.shape[i - (rank - t.rank)]!);
        const shape = Array.from({ length: rank }, (_, i) => Math.max(dimOf(a, i), dimOf(b, i)));
        const z = add(a, b);
        expect(z.shape).toEqual(shape);
        const idx = new Array<number>(rank).fill(0);
        for (let i = 0; i < z.size; i++) {
          const want = atBroadcast(a, idx) + atBroadcast(b, idx);
          if (!Object.is(z.data[i], want)) throw new Error(`at [${idx.join(',')}]: got ${z.data[i]}, want ${want}`);
          for (let d = rank - 1; d >= 0; d--) {
            if (++idx[d]! < shape[d]!) break;
            idx[d] = 0;
          }
        }
        // Broadcasting is symmetric.
        expect(Array.from(add(b, a).data)).toEqual(Array.from(z.data));
      }),
      RUNS,
    );
  });

  it('incompatible shapes throw, naming the op and both shapes', () => {
    const clash = fc
      .tuple(shapeArb(1, 4), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.nat())
      .filter(([, d1, d2]) => d1 !== d2)
      .map(([out, d1, d2, pick]) => {
        const ax = pick % out.length;
        const a = [...out], b = [...out];
        a[ax] = d1;
        b[ax] = d2;
        return [a, b] as const;
      });
    fc.assert(
      fc.property(clash, ([sa, sb]) => {
        const a = fromData(new Float64Array(shapeSize(sa)), sa), b = fromData(new Float64Array(shapeSize(sb)), sb);
        expect(() => mul(a, b)).toThrow(`mul: shapes [${sa.join(',')}] and [${sb.join(',')}] cannot be broadcast`);
      }),
      RUNS,
    );
  });
});

describe('reductions', () => {
  it('sum over all equals the sum of the sums over axis 0 (exact on integer values)', () => {
    const intValued = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(shapeArb(1, 4, 0).chain((s) => tensorOf(s, intValued)), (t) => {
        const total = sum(t).item();
        const byAxis0 = sum(sum(t, { axis: 0 })).item();
        expect(byAxis0).toBe(total);
        // And through every other axis too.
        for (let ax = 1; ax < t.rank; ax++) expect(sum(sum(t, { axis: ax })).item()).toBe(total);
      }),
      RUNS,
    );
  });

  it('the same to rounding on arbitrary doubles', () => {
    fc.assert(
      fc.property(shapeArb(1, 4).chain((s) => tensorOf(s)), (t) => {
        let scaleSum = 0;
        for (const v of t.data) scaleSum += Math.abs(v);
        const diff = Math.abs(sum(t).item() - sum(sum(t, { axis: 0 })).item());
        expect(diff).toBeLessThanOrEqual(1e-13 * scaleSum);
      }),
      RUNS,
    );
  });
});

describe('shape round trips', () => {
  const withPerm = shapeArb(0, 4, 0).chain((s) =>
    fc.tuple(tensorOf(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })),
  );

  it('transpose by a permutation then by its inverse is the identity; default transpose twice too', () => {
    fc.assert(
      fc.property(withPerm, ([t, perm]) => {
        const inv = new Array<number>(perm.length);
        perm.forEach((p, i) => { inv[p] = i; });
        const once = transpose(t, perm);
        expect(once.shape).toEqual(perm.map((p) => t.shape[p]));
        const back = transpose(once, inv);
        expect(back.shape).toEqual(t.shape);
        expect(Array.from(back.data)).toEqual(Array.from(t.data));
        expect(Array.from(transpose(transpose(t)).data)).toEqual(Array.from(t.data));
      }),
      RUNS,
    );
  });

  it('reshape to a permuted shape (with one −1) and back keeps the values in row-major order', () => {
    fc.assert(
      fc.property(withPerm, fc.nat(), ([t, perm], hole) => {
        const target: number[] = perm.map((p) => t.shape[p]!);
        if (target.length > 0 && t.size > 0) target[hole % target.length] = -1;
        const r = reshape(t, target);
        expect(r.size).toBe(t.size);
        expect(Array.from(r.data)).toEqual(Array.from(t.data));
        const back = reshape(r, t.shape);
        expect(back.shape).toEqual(t.shape);
        expect(Array.from(back.data)).toEqual(Array.from(t.data));
      }),
      RUNS,
    );
  });
});

describe('matmul against mathjs.multiply', () => {
  const sizes = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }));
  const toRows = (t: Tensor): number[][] => t.toArray() as number[][];
  /** mathjs may return −0 where we return +0 (and vice versa): x + 0 maps −0 to +0 only. */
  const noNegZero = (rows: number[][]): number[][] => rows.map((r) => r.map((v) => v + 0));

  it('matches exactly on small integers (exact arithmetic), up to the sign of zero', () => {
    const small = fc.integer({ min: -9, max: 9 });
    fc.assert(
      fc.property(sizes.chain(([m, k, n]) => fc.tuple(tensorOf([m, k], small), tensorOf([k, n], small))), ([a, b]) => {
        const want = multiply(toRows(a), toRows(b)) as number[][];
        expect(noNegZero(toRows(matmul(a, b)))).toEqual(noNegZero(want));
      }),
      RUNS,
    );
  });

  it('matches to rounding on arbitrary doubles', () => {
    fc.assert(
      fc.property(sizes.chain(([m, k, n]) => fc.tuple(tensorOf([m, k]), tensorOf([k, n]))), ([a, b]) => {
        const want = multiply(toRows(a), toRows(b)) as number[][];
        const got = matmul(a, b);
        const [m, k] = a.shape as [number, number];
        const n = b.shape[1]!;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            // Error bound of a k-term dot product: k·ε·Σ|a_ip·b_pj|.
            let bound = 0;
            for (let p = 0; p < k; p++) bound += Math.abs(a.data[i * k + p]! * b.data[p * n + j]!);
            expect(Math.abs(got.data[i * n + j]! - want[i]![j]!)).toBeLessThanOrEqual(k * 2.3e-16 * bound);
          }
        }
      }),
      RUNS,
    );
  });
});
