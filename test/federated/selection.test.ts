// Paper 5's partial-greedy participant selection (spec 05 §4.2): ε = 1 is greedy, ε = 0 uniform
// (chi-square over many draws with a fixed seed), ε = 0.8 matches a hand-computed probability,
// same stream ⇒ same picks.

import { describe, expect, it } from 'vitest';
import { deriveStream, fromSeed } from '../../lib/random/index.js';
import { PARTIAL_GREEDY_DEFAULTS, partialGreedySelect } from '../../lib/federated/index.js';

// Client losses: ascending order is 3 (0.1), 1 (0.5), 4 (0.7), 0 (2.0), 2 (9.0).
const LOSSES = [2.0, 0.5, 9.0, 0.1, 0.7];
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

/** Counts of each unordered pair {i, j} (i < j) over `n` selections of V = 2 from 5. */
function pairCounts(epsilon: number, n: number): Map<string, number> {
  const rng = deriveStream(2024, 'clients', 'chi-square');
  const counts = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const key = sorted(partialGreedySelect(rng, LOSSES, { count: 2, epsilon })).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Pearson chi-square against the uniform distribution over the C(5,2) = 10 pairs. */
function chiSquare(counts: Map<string, number>, n: number): number {
  const expected = n / 10;
  let x2 = 0;
  for (let i = 0; i < 5; i++) {
    for (let j = i + 1; j < 5; j++) {
      const o = counts.get(`${i},${j}`) ?? 0;
      x2 += (o - expected) ** 2 / expected;
    }
  }
  return x2;
}

describe('partialGreedySelect', () => {
  it("ε = 1 picks exactly the V lowest-loss clients (both greedy rules)", () => {
    for (let round = 0; round < 50; round++) {
      const rng = deriveStream(1, 'clients', round);
      expect(sorted(partialGreedySelect(rng, LOSSES, { count: 3, epsilon: 1 }))).toEqual([1, 3, 4]);
    }
    // 'best' also fixes the order: lowest loss first
    expect(partialGreedySelect(fromSeed(1), LOSSES, { count: 3, epsilon: 1, greedyPick: 'best' })).toEqual([3, 1, 4]);
    // V = m returns everyone
    expect(sorted(partialGreedySelect(fromSeed(1), LOSSES, { count: 5, epsilon: 1 }))).toEqual([0, 1, 2, 3, 4]);
  });

  it('ε = 0 is uniform over the 10 pairs: chi-square below the 0.1% critical value 27.88 (df = 9)', () => {
    const n = 20_000;
    const counts = pairCounts(0, n);
    expect(counts.size).toBe(10);
    expect(chiSquare(counts, n)).toBeLessThan(27.88);
    // The same statistic rejects the greedy rule (ε = 1 always gives {1, 3}: χ² = 9·n = 180 000).
    expect(chiSquare(pairCounts(1, n), n)).toBeGreaterThan(1000);
  });

  it('ε = 0.8, V = 2 of m = 3 (spec 05 defaults): P(Z = the two lowest) = 0.84', () => {
    // Pick 1 is in the top 2 w.p. 0.8 + 0.2·(2/3) = 14/15. Given that, pick 2 is the other top-2
    // client w.p. 0.8 + 0.2·(1/2) = 0.9. If pick 1 is the worst, Z is not the top 2.
    // P = (14/15)·0.9 = 0.84. Over n = 20 000 draws the std is √(0.84·0.16/n) ≈ 0.0026; allow 4σ.
    const losses = [3, 1, 2]; // top 2 = {1, 2}
    const rng = deriveStream(7, 'clients', 'eps0.8');
    const n = 20_000;
    let hits = 0;
    for (let k = 0; k < n; k++) {
      const z = partialGreedySelect(rng, losses); // defaults: V = 2, ε = 0.8, 'uniformTopV'
      if (sorted(z).join() === '1,2') hits++;
    }
    expect(Math.abs(hits / n - 0.84)).toBeLessThan(0.0105);
    expect(PARTIAL_GREEDY_DEFAULTS).toEqual({ count: 2, epsilon: 0.8, greedyPick: 'uniformTopV' });
  });

  it('never repeats a client, and the same stream gives the same picks', () => {
    for (let round = 0; round < 200; round++) {
      const a = partialGreedySelect(deriveStream(9, 'clients', round), LOSSES, { count: 4, epsilon: 0.5 });
      const b = partialGreedySelect(deriveStream(9, 'clients', round), LOSSES, { count: 4, epsilon: 0.5 });
      expect(a).toEqual(b);
      expect(new Set(a).size).toBe(4);
    }
  });

  it('without losses (epoch 0) draws V clients uniformly without replacement', () => {
    const z = partialGreedySelect(deriveStream(3, 'clients', 0), null, { count: 2 }, 3);
    expect(z.length).toBe(2);
    expect(new Set(z).size).toBe(2);
    expect(z.every((i) => i >= 0 && i < 3)).toBe(true);
  });

  it('ties in the loss are broken by the lower client index', () => {
    expect(partialGreedySelect(fromSeed(1), [1, 1, 1, 0], { count: 2, epsilon: 1, greedyPick: 'best' })).toEqual([3, 0]);
  });

  it('errors name the field', () => {
    const rng = fromSeed(1);
    expect(() => partialGreedySelect(rng, LOSSES, { count: 6 })).toThrow('partialGreedySelect: count must be an integer in [1, 5] (the number of clients), got 6');
    expect(() => partialGreedySelect(rng, LOSSES, { epsilon: 1.1 })).toThrow('partialGreedySelect: epsilon must be a number in [0, 1], got 1.1');
    expect(() => partialGreedySelect(rng, [1, NaN])).toThrow('partialGreedySelect: losses[1] must be a finite number, got NaN');
    expect(() => partialGreedySelect(rng, null)).toThrow('partialGreedySelect: clients (the number of clients) is required when losses is null');
    expect(() => partialGreedySelect(rng, LOSSES, { greedyPick: 'worst' as never })).toThrow("greedyPick must be one of 'uniformTopV', 'best'");
  });
});
