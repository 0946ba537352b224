// Statistical tests of the distributions on large samples with fixed seeds (deterministic).
// Tolerances: means/variances within 4.5 standard errors; chi-square and KS at p ≈ 1e-4 / 1e-3.

import { describe, it, expect } from 'vitest';
import {
  fromSeed,
  deriveStream,
  uniform,
  integer,
  normal,
  exponential,
  poisson,
  gumbel,
  bernoulli,
  choice,
  categorical,
  shuffle,
  sampleWithoutReplacement,
  fillUniform,
  fillNormal,
  type Rng,
} from '../../lib/random/index.js';
import {
  expectChiSquareFit,
  expectKsFit,
  expectMoments,
  normalCdf,
  poissonPmf,
  pooledCounts,
} from './stats.js';

const N = 200_000;
const EULER_GAMMA = 0.5772156649015329;

function sample(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

function counts(n: number, cells: number, draw: () => number): number[] {
  const c = new Array<number>(cells).fill(0);
  for (let i = 0; i < n; i++) c[draw()] += 1;
  return c;
}

describe('uniform', () => {
  it('U(-2, 3): in [lo, hi), mean 0.5, variance 25/12, KS against the uniform CDF', () => {
    const rng = deriveStream(1, 'uniform');
    const xs = sample(N, () => uniform(rng, -2, 3));
    expect(xs.every((x) => x >= -2 && x < 3)).toBe(true);
    expectMoments(xs, 0.5, 25 / 12);
    expectKsFit(xs, (x) => (x + 2) / 5);
  });

  it('defaults to [0, 1) and lo === hi returns lo', () => {
    const rng = fromSeed(2);
    const x = uniform(rng);
    expect(x > 0 && x < 1).toBe(true);
    expect(uniform(rng, 4, 4)).toBe(4);
  });

  it('fillUniform equals successive uniform() calls', () => {
    const a = fillUniform(fromSeed(3), new Float64Array(1000), -1, 7);
    const rng = fromSeed(3);
    expect(Array.from(a)).toEqual(Array.from({ length: 1000 }, () => uniform(rng, -1, 7)));
    const d = fillUniform(fromSeed(3), new Float64Array(5));
    const r2 = fromSeed(3);
    expect(Array.from(d)).toEqual(Array.from({ length: 5 }, () => r2.nextDouble()));
  });
});

describe('integer', () => {
  it('integer(0, 10) is uniform (chi-square)', () => {
    const rng = deriveStream(1, 'integer');
    expectChiSquareFit(counts(N, 10, () => integer(rng, 0, 10)), new Array(10).fill(N / 10));
  });

  it('negative bounds and a degenerate range', () => {
    const rng = fromSeed(4);
    const c = counts(70_000, 7, () => integer(rng, -5, 2) + 5);
    expectChiSquareFit(c, new Array(7).fill(10_000));
    for (let k = 0; k < 100; k++) expect(integer(rng, 9, 10)).toBe(9);
  });

  it('a range of exactly 2^32 uses one raw word: integer(0, 2^32) === nextUint32()', () => {
    const a = fromSeed(5);
    const b = fromSeed(5);
    for (let k = 0; k < 1000; k++) expect(integer(a, 0, 2 ** 32)).toBe(b.nextUint32());
    const c = fromSeed(5);
    const d = fromSeed(5);
    for (let k = 0; k < 100; k++) expect(integer(c, -(2 ** 31), 2 ** 31)).toBe(d.nextUint32() - 2 ** 31);
  });

  it('is unbiased for a range that does not divide 2^32 (rejection: 3·2^30 rejects 25% of words)', () => {
    const rng = deriveStream(1, 'integer-big');
    const c = counts(60_000, 3, () => Math.floor(integer(rng, 0, 3 * 2 ** 30) / 2 ** 30));
    // Without rejection (plain modulo), the first third would get 2/4 of the mass.
    expectChiSquareFit(c, [20_000, 20_000, 20_000]);
  });

  it('safe-integer bounds far from 0', () => {
    const rng = fromSeed(6);
    const lo = Number.MAX_SAFE_INTEGER - 2 ** 32;
    for (let k = 0; k < 1000; k++) {
      const x = integer(rng, lo, Number.MAX_SAFE_INTEGER);
      expect(Number.isSafeInteger(x) && x >= lo && x < Number.MAX_SAFE_INTEGER).toBe(true);
    }
  });
});

describe('normal', () => {
  it('N(2, 3²): mean, variance and KS against the normal CDF', () => {
    const rng = deriveStream(1, 'normal');
    const xs = sample(N, () => normal(rng, 2, 3));
    expectMoments(xs, 2, 9);
    expectKsFit(xs, (x) => normalCdf(x, 2, 3));
  });

  it('standard normal by default; std 0 gives the mean', () => {
    const rng = deriveStream(2, 'normal');
    const xs = sample(N, () => normal(rng));
    expectMoments(xs, 0, 1);
    expectKsFit(xs, (x) => normalCdf(x));
    expect(normal(rng, 5, 0)).toBe(5);
  });

  it('uses exactly two doubles per value (no cached spare) and fillNormal equals successive calls', () => {
    const a = fromSeed(7);
    const b = fromSeed(7);
    normal(a);
    b.nextDouble();
    b.nextDouble();
    expect(a.getState()).toEqual(b.getState());
    const filled = fillNormal(fromSeed(8), new Float64Array(999), -1, 0.5);
    const rng = fromSeed(8);
    expect(Array.from(filled)).toEqual(Array.from({ length: 999 }, () => normal(rng, -1, 0.5)));
  });
});

describe('exponential', () => {
  it('mean 2.5: mean 2.5, variance 6.25, KS against 1 - exp(-x/2.5), all > 0', () => {
    const rng = deriveStream(1, 'exponential');
    const xs = sample(N, () => exponential(rng, 2.5));
    expect(xs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    expectMoments(xs, 2.5, 6.25);
    expectKsFit(xs, (x) => 1 - Math.exp(-x / 2.5));
  });
});

describe('poisson', () => {
  const cases: [string, number, number][] = [
    ['Knuth, λ = 0.7', 0.7, N],
    ['Knuth, λ = 4', 4, N],
    ['Knuth, λ = 29.9 (just below the switch)', 29.9, 100_000],
    ['PTRS, λ = 30 (the switch)', 30, N],
    ['PTRS, λ = 50', 50, N],
    ['PTRS, λ = 400', 400, N],
  ];
  for (const [name, lambda, n] of cases) {
    it(`${name}: mean = variance = λ and chi-square against the pmf`, () => {
      const rng = deriveStream(1, 'poisson', lambda);
      const xs = sample(n, () => poisson(rng, lambda));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expectMoments(xs, lambda, lambda);
      const { observed, expected } = pooledCounts(xs, poissonPmf(lambda, Math.ceil(lambda + 20 * Math.sqrt(lambda) + 20)));
      expectChiSquareFit(observed, expected);
    });
  }

  it('large λ = 1e6 and 1e12: mean and variance', () => {
    for (const lambda of [1e6, 1e12]) {
      const rng = deriveStream(1, 'poisson-large', lambda);
      const xs = sample(50_000, () => poisson(rng, lambda));
      expect(xs.every((x) => Number.isSafeInteger(x))).toBe(true);
      expectMoments(xs, lambda, lambda);
    }
  });

  it('λ = 0 gives 0 without drawing', () => {
    const rng = fromSeed(9);
    const before = rng.getState();
    expect(poisson(rng, 0)).toBe(0);
    expect(rng.getState()).toEqual(before);
  });
});

describe('gumbel', () => {
  it('standard: mean γ ≈ 0.5772, variance π²/6, KS against exp(-exp(-x))', () => {
    const rng = deriveStream(1, 'gumbel');
    const xs = sample(N, () => gumbel(rng));
    expectMoments(xs, EULER_GAMMA, Math.PI ** 2 / 6);
    expectKsFit(xs, (x) => Math.exp(-Math.exp(-x)));
  });

  it('loc 1, scale 2: mean 1 + 2γ, variance 4π²/6', () => {
    const rng = deriveStream(2, 'gumbel');
    const xs = sample(N, () => gumbel(rng, 1, 2));
    expectMoments(xs, 1 + 2 * EULER_GAMMA, (4 * Math.PI ** 2) / 6);
  });
});

describe('bernoulli', () => {
  it('p = 0.3: frequency within a few standard errors; p = 0 and 1 are deterministic', () => {
    const rng = deriveStream(1, 'bernoulli');
    const xs = sample(N, () => (bernoulli(rng, 0.3) ? 1 : 0));
    expectMoments(xs, 0.3, 0.3 * 0.7);
    for (let k = 0; k < 1000; k++) {
      expect(bernoulli(rng, 0)).toBe(false);
      expect(bernoulli(rng, 1)).toBe(true);
    }
  });
});

describe('choice and categorical', () => {
  it('choice is uniform over items (chi-square)', () => {
    const rng = deriveStream(1, 'choice');
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const c = counts(60_000, 6, () => items.indexOf(choice(rng, items)));
    expectChiSquareFit(c, new Array(6).fill(10_000));
    expect(choice(rng, new Float64Array([7]))).toBe(7);
  });

  it('categorical follows the weights and never returns a zero-weight index', () => {
    const rng = deriveStream(1, 'categorical');
    const weights = [0, 1, 0, 2, 3.5, 0, 0.5];
    const total = 7;
    const c = counts(N, weights.length, () => categorical(rng, weights));
    for (const [i, w] of weights.entries()) if (w === 0) expect(c[i]).toBe(0);
    const nz = weights.flatMap((w, i) => (w > 0 ? [i] : []));
    expectChiSquareFit(
      nz.map((i) => c[i] as number),
      nz.map((i) => (N * (weights[i] as number)) / total),
    );
  });

  it('categorical with one positive weight always returns it; accepts typed arrays', () => {
    const rng = fromSeed(10);
    for (let k = 0; k < 100; k++) expect(categorical(rng, new Float64Array([0, 0, 1e-300, 0]))).toBe(2);
  });
});

/** Lexicographic rank of a permutation of 0..n-1 (Lehmer code). */
function permutationRank(p: ArrayLike<number>): number {
  const n = p.length;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    let smaller = 0;
    for (let j = i + 1; j < n; j++) if ((p[j] as number) < (p[i] as number)) smaller++;
    rank = rank * (n - i) + smaller;
  }
  return rank;
}

describe('shuffle', () => {
  it('all 120 permutations of 5 elements are equally likely (chi-square)', () => {
    const rng = deriveStream(1, 'shuffle');
    const c = counts(120_000, 120, () => permutationRank(shuffle(rng, [0, 1, 2, 3, 4])));
    expectChiSquareFit(c, new Array(120).fill(1000));
  });

  it('shuffles in place, returns the same array, keeps the multiset; works on typed arrays', () => {
    const rng = fromSeed(11);
    const a = Array.from({ length: 100 }, (_, i) => i);
    expect(shuffle(rng, a)).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const t = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(shuffle(rng, t)).toBe(t);
    expect(Array.from(t).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffle(rng, [])).toEqual([]);
    expect(shuffle(rng, ['x'])).toEqual(['x']);
  });

  it('position of each element is uniform (chi-square over 10 positions)', () => {
    const rng = deriveStream(2, 'shuffle');
    const c = counts(50_000, 10, () => shuffle(rng, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).indexOf(0));
    expectChiSquareFit(c, new Array(10).fill(5000));
  });
});

describe('sampleWithoutReplacement', () => {
  it('ordered triples from 10 are uniform over all 720 (chi-square)', () => {
    const rng = deriveStream(1, 'swor');
    let repeats = 0;
    const c = counts(144_000, 720, () => {
      const [a, b, d] = sampleWithoutReplacement(rng, 10, 3) as [number, number, number];
      if (a === b || b === d || a === d) repeats++;
      // index of the ordered triple among the 10·9·8 possibilities
      const bi = b < a ? b : b - 1;
      const di = d - (d > a ? 1 : 0) - (d > b ? 1 : 0);
      return (a * 9 + bi) * 8 + di;
    });
    expect(repeats).toBe(0);
    expectChiSquareFit(c, new Array(720).fill(200));
  });

  it('matches a plain partial Fisher–Yates on an explicit array (same draws)', () => {
    for (const [n, k] of [
      [20, 20],
      [1000, 50],
      [7, 0],
      [1, 1],
    ] as const) {
      const rng = fromSeed(`swor ${n} ${k}`);
      const ref = fromSeed(`swor ${n} ${k}`);
      const arr = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = integer(ref, i, n);
        [arr[i], arr[j]] = [arr[j] as number, arr[i] as number];
      }
      expect(sampleWithoutReplacement(rng, n, k)).toEqual(arr.slice(0, k));
      expect(rng.getState()).toEqual(ref.getState());
    }
  });

  it('k = n gives a permutation; huge n uses little memory and gives distinct in-range values', () => {
    const rng = fromSeed(12);
    expect(sampleWithoutReplacement(rng, 50, 50).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const big = sampleWithoutReplacement(rng, 2 ** 32, 2000);
    expect(new Set(big).size).toBe(2000);
    for (const x of big) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    expect(sampleWithoutReplacement(rng, 0, 0)).toEqual([]);
  });

  it('each slot is uniform over [0, n) (chi-square on the last of 4 draws from 12)', () => {
    const rng = deriveStream(2, 'swor');
    const c = counts(60_000, 12, () => sampleWithoutReplacement(rng, 12, 4)[3] as number);
    expectChiSquareFit(c, new Array(12).fill(5000));
  });
});

describe('determinism', () => {
  it('same seed ⇒ identical draws from every distribution', () => {
    const run = (rng: Rng): unknown[] => [
      uniform(rng, -1, 1),
      integer(rng, 0, 1000),
      normal(rng),
      exponential(rng),
      poisson(rng, 3),
      poisson(rng, 300),
      gumbel(rng),
      bernoulli(rng, 0.5),
      choice(rng, ['a', 'b', 'c']),
      categorical(rng, [1, 2, 3]),
      shuffle(rng, [1, 2, 3, 4]),
      sampleWithoutReplacement(rng, 100, 5),
    ];
    expect(run(fromSeed('det'))).toEqual(run(fromSeed('det')));
  });
});
